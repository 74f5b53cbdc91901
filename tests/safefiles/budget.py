"""Run a piece of Python in a child process whose address space is capped: a reader that
asks for gigabytes fails there (MemoryError, or an abort from native code) instead of
taking the test run — or the machine — down. Returns the exit code, the output and the
child's peak resident memory in MiB."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap

BUDGET_MIB = 1536  # address space, not resident memory: the interpreter alone maps ~300


def run_capped(
    code: str, *, budget_mib: int = BUDGET_MIB, timeout: int = 120
) -> tuple[int, str, float]:
    def cap() -> None:
        limit = budget_mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    script = textwrap.dedent(code) + textwrap.dedent(
        """
        # VmHWM: this process's own peak (ru_maxrss keeps the parent's across fork and exec).
        _hwm = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
        print("@@PEAK@@" + str(int(_hwm) / 1024))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap,
        env={"DJANGO_SETTINGS_MODULE": "kiemdiem.web.settings", "PATH": "/usr/bin:/bin"},
    )
    out = done.stdout
    peak = 0.0
    if "@@PEAK@@" in out:
        out, _, tail = out.rpartition("@@PEAK@@")
        peak = float(tail.strip())
    return done.returncode, out + done.stderr[-2000:], peak

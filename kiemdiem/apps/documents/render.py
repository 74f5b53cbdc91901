"""DOCX from a template and a context (docxtpl), PDF from the DOCX (LibreOffice).

Templates are versioned with the rule set they belong to. For each rule set of the chain —
the campaign's, then the one it extends, and so on — a template adjusted by its users
(uploaded, `DocumentTemplate`) comes first, then the shipped `files/<rule set id>/<kind>.docx`;
last `files/common/`. A local plan that changes a form ships only that form.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.rules import load
from kiemdiem.safefiles.templates import TemplateRefused, docx_render

FILES = Path(__file__).resolve().parent / "files"


def chain(ruleset_id: str) -> list[str]:
    """The rule sets a template is looked for in, by id without version: a template
    adjusted for `qd366-2025` serves campaigns pinned to `qd366-2025@1` too."""
    out: list[str] = []
    current: str | None = ruleset_id
    while current:
        ruleset = load(current)
        out.append(ruleset.id)
        current = ruleset.extends
    return out


def template_path(kind: str, ruleset_id: str) -> Path:
    """The shipped file (what an adjusted template is checked against)."""
    for folder in (*chain(ruleset_id), "common"):
        path = FILES / folder / f"{kind}.docx"
        if path.is_file():
            return path
    raise FileNotFoundError(f"no template {kind} for {ruleset_id}")


def template_source(kind: str, ruleset_id: str) -> str | IO[bytes]:
    """What a document of `kind` is made from: an adjusted template of the nearest rule set
    that has one, else the shipped file."""
    from .models import DocumentTemplate

    rulesets = chain(ruleset_id)
    adjusted = {
        t.ruleset: t
        for t in DocumentTemplate.objects.filter(kind=kind, active=True, ruleset__in=rulesets)
    }
    for rid in rulesets:
        if rid in adjusted:
            stream: IO[bytes] = adjusted[rid].file.open("rb")
            return stream
        path = FILES / rid / f"{kind}.docx"
        if path.is_file():
            return str(path)
    return str(template_path(kind, ruleset_id))


def docx_bytes(kind: str, ruleset_id: str, context: dict[str, Any]) -> bytes:
    """Rendered in Jinja's sandbox: a template is data, never code."""
    source = template_source(kind, ruleset_id)
    try:
        return docx_render(source, context)
    except TemplateRefused as exc:
        raise ServiceError("template", f"Mẫu văn bản “{kind}”: {exc.message}") from exc
    finally:
        if not isinstance(source, str):
            source.close()

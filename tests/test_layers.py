"""The import layers (pyproject.toml, checked by `lint-imports` in `make lint`) name every
app: an app left out of the layers could import anything unnoticed."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layered() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["id"] == "layers"]
    names: set[str] = set()
    for layer in contract["layers"]:
        names |= {n.strip() for n in layer.replace("|", ":").split(":")}
    return names


def test_every_app_has_a_layer() -> None:
    apps = {
        f"kiemdiem.apps.{p.name}"
        for p in (ROOT / "kiemdiem" / "apps").iterdir()
        if (p / "__init__.py").is_file()
    }
    missing = apps - _layered()
    assert not missing, f"add these apps to a layer in pyproject.toml: {sorted(missing)}"


def test_the_engine_is_below_every_app() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["id"] == "layers"]
    layers = contract["layers"]
    assert layers[-2:] == ["kiemdiem.rules", "kiemdiem.safefiles"]
    # The engine imports no Django: the only exemption is for Django models, which the
    # engine has none of and may not import.
    assert contract["ignore_imports"] == ["kiemdiem.** -> kiemdiem.apps.*.models"]

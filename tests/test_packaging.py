"""What the packaging files promise: every console package in the wheel, every hub setting in the
example configuration (and that configuration loads)."""

import os
import re
import tomllib
from dataclasses import fields
from pathlib import Path

from console.hub import config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "packaging" / "hub" / "hub.toml"


def test_every_console_package_is_in_the_wheel():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "console").rglob("__init__.py")
        if "migrations" not in init.parts
    }
    assert packages - declared == set(), "add them to [tool.setuptools] packages in pyproject.toml"


def test_the_example_hub_config_names_every_setting():
    text = EXAMPLE.read_text()
    named = set(re.findall(r"^#? ?([a-z_]+) = ", text, flags=re.MULTILINE))
    settings = {f.name for f in fields(config.HubConfig)}
    assert settings - named == set(), "document them in packaging/hub/hub.toml"
    assert named - settings == set(), "packaging/hub/hub.toml names settings the hub does not have"


def test_the_example_hub_config_loads(monkeypatch):
    for name in [name for name in os.environ if name.startswith(config.ENV_PREFIX)]:
        monkeypatch.delenv(name)
    settings = config.load(EXAMPLE)
    assert settings.host == "127.0.0.1"
    assert settings.database.startswith("postgresql://horseshoe@/horseshoe")
    assert not settings.tls  # TLS is the reverse proxy's in the example

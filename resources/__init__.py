"""Bundled resources (styles, icons, demo data), shipped in the wheel as ``horseshoe_resources``.

Read them through :func:`resource` so nothing depends on the source tree at run time.
"""

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """The bundled file at ``parts`` (e.g. ``resource("demo", "mentions.yaml")``)."""
    node = files(__name__)
    for part in parts:
        node = node.joinpath(part)
    return node

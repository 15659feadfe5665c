"""The hub's SLA policies: from the file named by the ``sla_policies`` setting, or the defaults.

The file is YAML (or JSON, which YAML reads) in the shape :func:`console.domain.sla.policies_from_config`
documents. A hub with a broken file refuses to start and says why: silently falling back to the
defaults would promise customers the wrong service levels.
"""

from pathlib import Path

import yaml

from console.domain.sla import SlaConfigError, SlaPolicies, policies_from_config

DEFAULT_POLICIES = {
    "policies": [
        {"name": "standard", "first_response_minutes": 60, "resolution_minutes": 24 * 60},
        {
            "name": "high priority",
            "min_priority": 70,
            "first_response_minutes": 15,
            "resolution_minutes": 4 * 60,
        },
        {"name": "urgent", "min_priority": 90, "first_response_minutes": 5, "resolution_minutes": 60},
    ]
}

DEFAULT_SLA = policies_from_config(DEFAULT_POLICIES)


def load_policies(path: str | Path | None) -> SlaPolicies:
    """The policies in ``path``, or the defaults when it is None or empty; raises SlaConfigError
    naming the file (and line, for a YAML syntax error) when it cannot be used."""
    if not path:
        return DEFAULT_SLA
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SlaConfigError(f"cannot read the SLA policies {path}: {error}") from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise SlaConfigError(f"{path}{where}: not valid YAML ({getattr(error, 'problem', error)})") from error
    try:
        return policies_from_config(data)
    except SlaConfigError as error:
        raise SlaConfigError(f"{path}: {error}") from error

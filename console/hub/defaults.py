"""Where an unconfigured hub keeps its data."""

from pathlib import Path

from platformdirs import user_data_path


def default_hub_database() -> Path:
    return user_data_path("horseshoe", appauthor=False) / "hub.sqlite"

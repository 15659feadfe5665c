"""The workstation's sync client: follows the hub's change log into the local cache."""

"""Pure domain: frozen dataclasses and rules, no I/O. Times are UTC milliseconds since the epoch."""

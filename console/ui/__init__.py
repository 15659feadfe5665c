"""PySide6 views. Widgets get their services through their constructors; no database or HTTP here."""

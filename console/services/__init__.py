"""Use cases for the UI: async, Qt-free, tested on plain asyncio."""

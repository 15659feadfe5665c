from tests.storage.conftest import cache  # noqa: F401

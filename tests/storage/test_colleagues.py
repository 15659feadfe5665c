"""The note dialog's directory: enabled users, with a username to mention and a name to show."""

import pytest

from console.storage.case_repo import CaseRepository
from console.storage.schema import users


def person(user_id: str, username: str, name: str, disabled: bool = False, role: str = "agent") -> dict:
    return {
        "id": user_id,
        "username": username,
        "name": name,
        "role": role,
        "teams": "[]",
        "disabled": disabled,
        "created_ms": 1,
        "seq": 1,
    }


@pytest.mark.asyncio
async def test_colleagues_are_the_enabled_users_by_username_with_a_name_to_show(cache):
    rows = [
        person("u-3", "zoe", "Zoë Ward"),
        person("u-1", "Ana", "Ana Lima"),
        person("u-2", "bob", ""),  # no display name: the username stands in
        person("u-4", "gone", "Left Us", disabled=True),
        person("u-5", "rita", "Rita Reviewer", role="reviewer"),
    ]
    cache.write_sync(lambda c: c.execute(users.insert(), rows))
    assert await CaseRepository(cache).colleagues() == (
        ("u-1", "Ana", "Ana Lima"),
        ("u-2", "bob", "bob"),
        ("u-5", "rita", "Rita Reviewer"),
        ("u-3", "zoe", "Zoë Ward"),
    )

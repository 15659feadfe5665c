"""The case view's service: a case in full, and which pulls change what the view shows."""

import pytest

from console.domain.sync import AppliedChanges
from console.services.case_view import CaseViewService
from console.storage.case_repo import CaseRepository
from tests.storage.case_data import CASE, maria_case


@pytest.mark.asyncio
async def test_loads_a_case_from_the_cache_and_none_for_an_unknown_one(cache):
    maria_case().apply(cache)
    service = CaseViewService(CaseRepository(cache))
    loaded = await service.load(CASE)
    assert loaded.header.id == CASE and len(loaded.conversation) == 6 and len(loaded.timeline) == 36
    assert await service.load("nope") is None


@pytest.mark.asyncio
async def test_only_changes_to_the_shown_case_touch_it(cache):
    maria_case().apply(cache)
    shown = await CaseViewService(CaseRepository(cache)).load(CASE)
    touches = CaseViewService.touches
    assert touches(AppliedChanges(cases=frozenset({CASE})), CASE, shown)
    assert touches(AppliedChanges(removed=frozenset({CASE})), CASE, shown)
    assert touches(AppliedChanges(reset=True), CASE, shown)
    assert touches(AppliedChanges(directory=frozenset({"user-ana"})), CASE, shown)  # names in sentences
    assert touches(AppliedChanges(replies=frozenset({"r3"})), CASE, shown)  # sending → published
    assert touches(AppliedChanges(replies=frozenset({"r1"})), CASE, shown)  # shown as its echo
    assert touches(AppliedChanges(mentions=frozenset({"m2"})), CASE, shown)
    assert not touches(AppliedChanges(cases=frozenset({"other"}), mentions=frozenset({"m9"})), CASE, shown)
    assert not touches(AppliedChanges(replies=frozenset({"someone-elses"})), CASE, shown)
    assert not touches(AppliedChanges(), CASE, shown)
    # Nothing shown yet (a load in flight): any row change may be this case's.
    assert touches(AppliedChanges(events=frozenset({"e9"})), CASE, None)

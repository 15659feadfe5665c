"""The composer's service: case values for templates, draft saving, and what sending refuses."""

from dataclasses import replace

import pytest

from console.domain.mention import BrandAccount
from console.domain.mutation import MAX_TEXT, MutationKind
from console.domain.network import Network
from console.services.cases import ActionError
from console.services.composer import CLAIM_FIRST
from console.storage.canned_file import load_canned
from tests.ui.composer_desk import ANA, case, seed_accounts, service


@pytest.fixture
def desk(cache):
    seed_accounts(cache)
    return service(cache)


async def kinds(outbox, case_id: str = "case-1") -> list[MutationKind]:
    return [entry.mutation.kind for entry in await outbox.entries_for_case(case_id)]


@pytest.mark.asyncio
async def test_the_case_accounts_on_its_network_with_its_own_first(desk):
    composer, _ = desk
    accounts = await composer.accounts_for(case(account_id="northwind-careers-x"))
    assert [a.id for a in accounts] == ["northwind-careers-x", "northwind-x"]
    # An account the directory does not hold yet is still offered, first: the case came from it.
    old = replace(case(), account_id="northwind-x-old", account_handle="@NorthwindOld")
    offered = await composer.accounts_for(old)
    assert (offered[0].id, offered[0].handle) == ("northwind-x-old", "@NorthwindOld")
    assert [a.id for a in offered[1:]] == ["northwind-x", "northwind-careers-x"]


@pytest.mark.asyncio
async def test_values_a_template_takes_from_the_case(desk):
    composer, _ = desk
    account = BrandAccount("northwind-x", Network.X, "@NorthwindAir", "Northwind Air")
    assert composer.values(case(), account) == {
        "customer.name": "Maria Lopez",
        "customer.handle": "@marialopez",
        "agent.name": "Ana Ruiz",
        "agent.first_name": "Ana",
        "case.id": "case-1",
        "network": "X",
        "brand.name": "Northwind Air",
        "brand.handle": "@NorthwindAir",
    }


@pytest.mark.asyncio
async def test_a_draft_is_queued_once_per_change_and_never_over_the_limit(desk):
    composer, outbox = desk
    assert await composer.restore("case-1") is None
    assert await composer.save_draft("case-1", "Checking") is True
    assert await composer.save_draft("case-1", "Checking") is False  # unchanged: nothing queued
    assert await kinds(outbox) == [MutationKind.DRAFT]
    with pytest.raises(ActionError, match="Not saved as a draft: over 20,000 characters"):
        await composer.save_draft("case-1", "x" * (MAX_TEXT + 1))
    assert (await composer.restore("case-1")).text == "Checking"


@pytest.mark.asyncio
async def test_a_pasted_nul_is_dropped_from_the_draft_not_refused(desk):
    composer, outbox = desk
    assert await composer.save_draft("case-1", "Check\x00ing") is True
    (entry,) = await outbox.entries_for_case("case-1")
    assert entry.mutation.payload["text"] == "Checking"  # the hub could not store it (PostgreSQL)


@pytest.mark.asyncio
async def test_sending_needs_a_confirmed_claim_and_some_text(desk, cache):
    composer, outbox = desk
    with pytest.raises(ActionError, match="Claim the case first"):
        await composer.send(case(claimed=False), "On it", "northwind-x", private=False)
    assert str(CLAIM_FIRST).startswith("Claim the case first (C)")
    with pytest.raises(ActionError, match="Write a reply first"):
        await composer.send(case(), " \x00\n", "northwind-x", private=False)
    with pytest.raises(ActionError, match="a reply stops at 20,000"):
        await composer.send(case(), "x" * (MAX_TEXT + 1), "northwind-x", private=False)
    # A claim asked for but not answered by the hub yet is no claim to reply under.
    await outbox.enqueue(ANA, MutationKind.CLAIM, "case-1", {})
    with pytest.raises(ActionError, match="Claim the case first"):
        await composer.send(case(), "On it", "northwind-x", private=False)
    assert MutationKind.REPLY not in await kinds(outbox)


def test_skipped_canned_responses_are_logged(cache, caplog):
    broken = load_canned("team.yaml", "responses:\n  - {id: a, language: en, text: Hi}\n")
    composer, _ = service(cache, canned=broken)
    assert composer.canned_responses == ()
    assert "canned response skipped: team.yaml, entry 1 (a): needs 'title' as non-empty text" in caplog.text

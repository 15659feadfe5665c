"""Pruning old push answers and dead sign-ins; a resend of a pruned mutation is still a duplicate."""

import pytest
from sqlalchemy import func, select

from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.hub import auth, push
from console.hub.cli import main
from console.hub.database import reader
from console.hub.prune import DAY_MS, prune
from console.hub.schema import mutations, tokens
from tests.hub.scoping import T0, build_world


def count(engine, table) -> int:
    with reader(engine).connect() as connection:
        return connection.scalar(select(func.count()).select_from(table))


def test_old_answers_and_dead_tokens_go_and_a_resend_is_still_a_duplicate(hub_engine):
    world = build_world(hub_engine)
    ana = world.people["ana"]
    workstation = uuid7()
    old = Mutation(uuid7(), workstation, 1, MutationKind.NOTE, world.support_case, T0, {"text": "old"})
    push.push(hub_engine, ana, workstation, [old], at_ms=T0)
    recent = Mutation(uuid7(), workstation, 2, MutationKind.NOTE, world.support_case, T0, {"text": "new"})
    push.push(hub_engine, ana, workstation, [recent], at_ms=T0 + 40 * DAY_MS)
    live = auth.issue_token(hub_engine, ana, ttl_ms=100 * 365 * DAY_MS).token
    auth.revoke(hub_engine, auth.issue_token(hub_engine, ana).token)
    tokens_before = count(hub_engine, tokens)

    pruned = prune(hub_engine, 30, at_ms=T0 + 45 * DAY_MS)
    assert (pruned.mutations, count(hub_engine, mutations)) == (1, 1)
    assert pruned.tokens == tokens_before - 1  # every token but the long-lived one had ended
    with reader(hub_engine).connect() as connection:
        assert auth.authenticate(connection, live).id == ana.id
    (again,) = push.push(hub_engine, ana, workstation, [old], at_ms=T0 + 46 * DAY_MS).results
    assert again.outcome is Outcome.DUPLICATE and again.reason == "applied long ago"


def test_prune_refuses_less_than_a_day(hub_engine):
    with pytest.raises(ValueError, match="at least 1 day"):
        prune(hub_engine, 0.5)


def test_the_prune_command(tmp_path, capsys):
    db = ["--db", str(tmp_path / "hub.sqlite")]
    assert main(["prune", "--older-than", "30", *db]) == 0
    assert "pruned 0 push answers and 0 expired or revoked sign-ins" in capsys.readouterr().out
    assert main(["prune", "--older-than", "0", *db]) == 2
    assert "at least 1 day" in capsys.readouterr().err

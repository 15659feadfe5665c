"""The guidance service on a real cache: a tree chosen for the case, a session run and recorded step by
step in the outbox (the payload contract reports depend on), and resumed from the cache."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from console.domain.mutation import MutationKind
from console.guidance.session_events import EVENT_KINDS, guidance_problem
from console.services.cases import ActionError, CaseActions
from console.services.guidance import GuidanceError, GuidanceService, context_values
from console.storage.guidance_repo import GuidanceRepository, facts
from console.storage.outbox import Outbox
from console.storage.schema import outbox
from tests.services.tree_folder import BundledTrees, choose_by_intent, digest_of
from tests.storage.case_data import CASE, maria_case

TREES = Path(__file__).parent / "trees"
SOURCE = (TREES / "complaint_triage.yaml").read_text("utf-8")


class Pusher:
    def __init__(self):
        self.woken = 0

    def wake(self):
        self.woken += 1


class Clock:
    def __init__(self):
        self.at = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)

    def __call__(self):
        self.at += timedelta(seconds=1)
        return self.at


def make_service(cache, user="user-ana"):
    who = {"user": user}
    actions = CaseActions(Outbox(cache), Pusher(), lambda: who["user"])
    service = GuidanceService(
        BundledTrees(TREES), GuidanceRepository(cache), actions, choose_by_intent, clock=Clock()
    )
    return service, who


def queued(cache, kind=MutationKind.GUIDANCE_STEP):
    rows = cache.read_sync(
        lambda c: c.execute(
            select(outbox.c.kind, outbox.c.payload).where(outbox.c.kind == kind.value).order_by(outbox.c.seq)
        ).all()
    )
    return [json.loads(payload) for _kind, payload in rows]


@pytest.mark.asyncio
async def test_a_session_is_chosen_run_and_every_event_recorded_as_one_guidance_step(cache):
    maria_case().apply(cache)
    service, _who = make_service(cache)
    run = await service.open(CASE)
    assert run is not None and not run.started
    assert run.entry.key == "complaint_triage@1"
    assert run.why == "the mention's intent is complaint"
    assert queued(cache) == []  # looking at a case records nothing

    await run.start()
    assert run.session.current.id == "kind"
    suggestion = run.session.suggestion
    assert suggestion.option == "A refund"
    assert dict(suggestion.read) == {"case.priority": 72, "mention.sentiment": "negative"}

    added = await run.accept()
    assert [e.kind for e in added] == ["answered", "entered", "entered"]
    assert run.session.replies[-1].text.startswith("Hi Maria Kowalska, we're sorry")
    await run.answer({"booking": "NW221-X", "nights": 1.0, "vip": True, "cabin": "economy"})
    assert run.session.current.id == "tag"
    reason, _ = await run.perform()
    assert reason == ""
    assert run.ended and run.session.disposition == "refund_issued"
    assert run.session.path == ("greet", "kind", "apologise", "booking", "tag", "done_reply", "refunded")

    payloads = queued(cache)
    assert len(payloads) == len(run.session.events)
    for index, (payload, event) in enumerate(zip(payloads, run.session.events, strict=True)):
        assert set(payload) == {"session", "tree", "digest", "event"}
        assert payload["session"] == run.session_id
        assert payload["tree"] == "complaint_triage@1"
        assert payload["digest"] == digest_of(SOURCE)
        assert payload["event"] == json.loads(json.dumps(event.as_dict()))
        assert payload["event"]["index"] == index and payload["event"]["kind"] in EVENT_KINDS
        assert guidance_problem(payload) == ""
    answered = [p["event"] for p in payloads if p["event"]["kind"] == "answered"]
    assert [a["how"] for a in answered] == ["auto", "manual", "auto"]
    assert answered[1]["values"] == {"booking": "NW221-X", "nights": 1.0, "vip": True, "cabin": "economy"}
    assert queued(cache, MutationKind.TAG) == [{"tag": "refund"}]  # through the case's actions


def action(node_id, kind, value):
    from console.guidance.tree import ActionNode

    return ActionNode(id=node_id, line=1, lines={}, action=kind, value=value, success=None, failure=None)


@pytest.mark.asyncio
async def test_actions_set_priority_and_assign_through_the_case_actions(cache):
    maria_case().apply(cache)
    service, _ = make_service(cache)
    await service.act(CASE, action("up", "set_priority", 90))
    assert queued(cache, MutationKind.SET_PRIORITY) == [{"priority": 90, "reason": "guidance: up"}]
    await service.act(CASE, action("give", "assign", "user-bob"))
    assert queued(cache, MutationKind.ASSIGN) == [{"assignee": "user-bob"}]
    with pytest.raises(ActionError, match="from 0 to 100"):  # a refusal: the run takes the failure way
        await service.act(CASE, action("x", "set_priority", 500))


@pytest.mark.asyncio
async def test_a_session_resumes_from_the_cache_after_a_restart_and_another_desk_continues_it(cache):
    maria_case().apply(cache)
    service, _ = make_service(cache)
    run = await service.open(CASE)
    await run.start()
    await run.answer("To be heard")  # an override: the suggestion was "A refund"
    assert [p["event"]["how"] for p in queued(cache) if p["event"]["kind"] == "answered"] == ["override"]

    restarted, _ = make_service(cache)
    again = await restarted.open(CASE)
    assert again.session_id == run.session_id and again.started and not again.ended
    assert again.session.current.id == "legal_check"
    assert again.session.events == run.session.events
    await again.answer("No")  # continues the same log: the next index, the same session
    added = queued(cache)[len(run.session.events) :]
    assert {p["session"] for p in added} == {run.session_id}
    assert [p["event"]["index"] for p in added] == [6, 7, 8]  # answered, entered the end, ended

    # Once the hub has them, the steps come back as case events and the outbox rows are answered.
    pulled, _ = make_service(cache)
    _as_pulled(cache)
    ended = await pulled.open(CASE)
    assert ended.ended and ended.session.path == ("greet", "kind", "legal_check", "answered")
    fresh = await pulled.new_run(CASE, "complaint_triage", 1, "start again")
    assert fresh.session_id != run.session_id and not fresh.started


@pytest.mark.asyncio
async def test_back_edit_and_note_are_recorded_and_later_answers_stop_counting(cache):
    maria_case().apply(cache)
    service, _ = make_service(cache)
    run = await service.open(CASE)
    await run.start()
    await run.answer("To be heard")
    await run.note("Customer mentions a lawyer friend")
    await run.back()
    assert run.session.current.id == "kind"
    await run.answer("To be heard")
    await run.edit("kind")
    assert run.session.current.id == "kind"
    kinds = [p["event"]["kind"] for p in queued(cache)]
    assert kinds.count("back") == 2 and kinds.count("note") == 1
    with pytest.raises(GuidanceError):
        await run.note("   ")


@pytest.mark.asyncio
async def test_a_step_that_cannot_be_recorded_leaves_the_session_where_it_was(cache):
    maria_case().apply(cache)
    service, who = make_service(cache)
    run = await service.open(CASE)
    await run.start()
    before = run.session.events
    who["user"] = None  # signed out
    with pytest.raises(GuidanceError, match="not recorded"):
        await run.accept()
    assert run.session.events == before and run.session.current.id == "kind"
    with pytest.raises(GuidanceError, match="not an option"):
        await run.answer("Something else")
    who["user"] = "user-ana"
    await run.accept()
    assert len(queued(cache)) == len(run.session.events)


@pytest.mark.asyncio
async def test_an_escalation_hands_the_case_off_through_the_case_actions(cache):
    maria_case().apply(cache)
    service, _ = make_service(cache)
    run = await service.open(CASE)
    await run.start()
    await run.answer("To be heard")
    added = await run.answer("Yes")
    assert not [e for e in added if e.kind == "escalated"]  # not until the hand-off is made
    done, added = await run.escalate("  Threatens  to sue over the refund ")
    assert done == "Handed to Legal"
    assert queued(cache, MutationKind.HANDOFF) == [
        {"team": "Legal", "reason": "Threatens to sue over the refund"}
    ]
    (escalated,) = [e for e in added if e.kind == "escalated"]
    assert (escalated.team, escalated.reason) == ("Legal", "Threatens to sue over the refund")
    assert run.session.disposition == "escalated_legal"
    with pytest.raises(GuidanceError, match="not at an escalation"):
        await run.escalate("again")


@pytest.mark.asyncio
async def test_the_context_fills_every_typed_path_and_the_reply_paths(cache):
    maria_case().apply(cache)
    found = cache.read_sync(lambda c: facts(c, CASE))
    values = context_values(found)
    from console.guidance.expression_types import DEFAULT_ENVIRONMENT

    typed = {p for p in DEFAULT_ENVIRONMENT if not p.startswith("customer.") or found.customer is not None}
    assert typed <= set(values)
    for path in typed:
        assert DEFAULT_ENVIRONMENT[path].accepts(values[path]), path
    assert values["customer.name"] and values["case.id"] == CASE
    assert values["mention.intent"] == "complaint" and values["case.priority"] == 72


@pytest.mark.asyncio
async def test_switching_lists_the_latest_version_of_each_tree(cache, tmp_path):
    (tmp_path / "a.yaml").write_text(SOURCE, "utf-8")
    (tmp_path / "b.yaml").write_text(SOURCE.replace("version: 1", "version: 2"), "utf-8")
    maria_case().apply(cache)
    actions = CaseActions(Outbox(cache), Pusher(), lambda: "user-ana")
    service = GuidanceService(BundledTrees(tmp_path), GuidanceRepository(cache), actions, choose_by_intent)
    (entry,) = await service.trees()
    assert entry.key == "complaint_triage@2" and entry.title == "Complaint triage"
    run = await service.open(CASE)
    assert run.entry.key == "complaint_triage@2"


def _as_pulled(cache):
    """What a pull does for this desk's steps: the hub's case events arrive, the outbox is answered."""
    from console.storage.schema import events

    def move(connection):
        rows = connection.execute(
            select(outbox.c.id, outbox.c.payload)
            .where(outbox.c.kind == "guidance_step")
            .order_by(outbox.c.seq)
        ).all()
        for n, (mutation_id, payload) in enumerate(rows):
            data = {**json.loads(payload), "mutation": mutation_id}
            connection.execute(
                events.insert().values(
                    id=f"g{n}",
                    case_id=CASE,
                    type="guidance_step",
                    at_ms=1_767_100_000_000 + n,
                    actor="user-ana",
                    data=json.dumps(data),
                    seq=10_000 + n,
                )
            )
        connection.execute(update(outbox).values(outcome="applied"))

    cache.write_sync(move)


@pytest.mark.asyncio
async def test_the_events_of_one_step_are_queued_all_or_none(cache):
    actions = CaseActions(Outbox(cache), Pusher(), lambda: "user-ana")
    good = {"session": "s", "tree": "t@1", "digest": "", "event": {"kind": "note"}}
    with pytest.raises(ActionError):
        await actions.guidance_steps(CASE, [good, {**good, "event": "not an object"}])
    assert queued(cache) == []
    assert len(await actions.guidance_steps(CASE, [good, good])) == 2


@pytest.mark.asyncio
async def test_on_the_published_trees_in_the_cache_the_choice_rules_choose_and_say_why(cache):
    from console.guidance.choice import choose
    from console.guidance.published import content_digest
    from console.storage.schema import tree_choice_rules, tree_versions
    from console.storage.trees_repo import TreesRepo

    maria_case().apply(cache)
    rules = "rules:\n  - {when: {intent: complaint}, tree: complaint_triage}\ndefault: complaint_triage\n"

    def publish(connection):
        for version in (1, 2):
            source = SOURCE.replace("version: 1", f"version: {version}")
            connection.execute(
                tree_versions.insert().values(
                    id=f"complaint_triage@{version}",
                    tree_id="complaint_triage",
                    version=version,
                    digest=content_digest(source),
                    source=source,
                    title="Complaint triage",
                    published_ms=1,
                    published_by="ana",
                    seq=version,
                )
            )
        connection.execute(
            tree_choice_rules.insert().values(
                id=content_digest(rules), source=rules, published_ms=1, published_by="ana", seq=3
            )
        )

    cache.write_sync(publish)
    actions = CaseActions(Outbox(cache), Pusher(), lambda: "user-ana")
    service = GuidanceService(TreesRepo(cache), GuidanceRepository(cache), actions, choose, clock=Clock())
    run = await service.open(CASE)
    assert run.entry.key == "complaint_triage@2"
    assert "complaint" in run.why
    await run.start()
    digests = {p["digest"] for p in queued(cache)}
    assert digests == {content_digest(SOURCE.replace("version: 1", "version: 2"))}


def _rewrite_steps(cache, change):
    """Rewrite the queued guidance steps' payloads: ``change`` takes and returns the list of events."""

    def work(connection):
        rows = connection.execute(
            select(outbox.c.id, outbox.c.payload)
            .where(outbox.c.kind == "guidance_step")
            .order_by(outbox.c.seq)
        ).all()
        payloads = [json.loads(payload) for _id, payload in rows]
        events = change([p["event"] for p in payloads])
        events += [None] * (len(rows) - len(events))  # the rows past the new log go
        for (mutation_id, _payload), payload, event in zip(rows, payloads, events, strict=True):
            if event is None:
                connection.execute(outbox.delete().where(outbox.c.id == mutation_id))
            else:
                data = json.dumps({**payload, "event": event})
                connection.execute(update(outbox).where(outbox.c.id == mutation_id).values(payload=data))

    cache.write_sync(work)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda events: events[:1], id="stops-at-its-start"),
        pytest.param(
            lambda events: [
                events[0],
                {**events[3], "index": 1, "kind": "suggested", "option": "A refund", "why": "x", "read": {}},
            ],
            id="suggested-before-any-step",
        ),
        pytest.param(lambda events: [events[0], {**events[1], "index": "1"}], id="index-as-text"),
    ],
)
async def test_a_recorded_log_the_runner_cannot_replay_is_not_resumed_a_new_session_is_offered(cache, change):
    maria_case().apply(cache)
    service, _ = make_service(cache)
    run = await service.open(CASE)
    await run.start()
    _rewrite_steps(cache, change)

    again = await make_service(cache)[0].open(CASE)  # no IndexError, AssertionError or TypeError
    assert again is not None and not again.started and again.session_id != run.session_id


@pytest.mark.asyncio
async def test_a_tree_is_parsed_off_the_event_loop_s_thread_once_per_version(cache, monkeypatch):
    import threading

    from console.services import guidance as module

    threads = []
    real = module.load_tree

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "load_tree", spy)
    maria_case().apply(cache)
    service, _ = make_service(cache)
    run = await service.open(CASE)
    await service.new_run(CASE, run.entry.tree_id, run.entry.version, "again")
    assert threads and threading.main_thread() not in threads  # the UI's thread is the loop's
    assert len(threads) == len(set(service._trees))  # parsed once: a published version never changes


@pytest.mark.asyncio
async def test_a_cache_that_cannot_be_read_is_a_guidance_error_the_panel_can_say(cache):
    from console.storage.database import CacheError

    maria_case().apply(cache)
    service, _ = make_service(cache)

    async def closed(*_args, **_kwargs):
        raise CacheError("The local cache is closing")

    service._repository.facts = closed
    service._catalog.published = closed
    for call in (service.open(CASE), service.new_run(CASE, "complaint_triage", 1, "why"), service.trees()):
        with pytest.raises(GuidanceError, match="closing"):
            await call

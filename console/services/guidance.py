"""Guidance on a case: pick the tree, start or resume its session, run it, and record every event.

The trees come from a catalog of published versions (the cache's, synced from the hub; until that
is wired, the bundled files). A session is recorded as it runs: every runner event becomes one
``guidance_step`` mutation in the durable outbox, with the payload
``{"session": <uuid>, "tree": "<id>@<version>", "digest": <published digest>, "event": Event.as_dict()}``
(console.guidance.session_events.step_payload). The events of one agent step are queued together, or
not at all — a refused step leaves the session where it was. Resuming reads the same payloads back
from the cache (pulled case events and this desk's unsent outbox entries), so a restart, or another
desk, continues the session where it stopped.

Opening a case does not start anything: the agent starts the session (one key), so scrolling
through the queue records no sessions nobody worked.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ParamSpec, Protocol, TypeVar

from console.domain.canned import Template, TemplateError
from console.domain.canned import parse as parse_template
from console.domain.ids import uuid7
from console.domain.translatable import translatable
from console.guidance import expressions as ex
from console.guidance.loading import load_tree
from console.guidance.runner import RunnerError, Session, value_text
from console.guidance.session_events import Event, event_from_dict, step_payload
from console.guidance.tree import ActionNode, CallNode, EscalateNode, Node, Tree
from console.services.cases import ActionError, CaseActions
from console.services.errors import KnownError
from console.storage.database import CacheError
from console.storage.guidance_repo import CaseFacts, GuidanceRepository, RecordedStep

# --- what the service needs from the trees' side ---------------------------------------------------


class PublishedTreeLike(Protocol):
    """One published, immutable version of a tree (console.guidance.published.PublishedTree)."""

    @property
    def tree_id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def digest(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def title(self) -> str: ...


class TreeCatalog(Protocol):
    """The published trees this desk holds (console.storage.trees_repo.TreesRepo)."""

    async def published(self) -> Sequence[PublishedTreeLike]: ...
    async def version(self, tree_id: str, version: int) -> PublishedTreeLike | None: ...
    async def latest_versions(self) -> dict[str, int]: ...
    async def choice_rules(self) -> Any: ...


class ChoiceLike(Protocol):
    """Which tree a case gets, and why (console.guidance.choice.Choice)."""

    @property
    def tree_id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def why(self) -> str: ...


# choose(rules, *, intent, network, account_id, account_handle, case_id, latest) → a choice or None
Chooser = Callable[..., ChoiceLike | None]
Clock = Callable[[], datetime]


class GuidanceError(KnownError):
    """Guidance that cannot go on as asked (a tree missing from the cache, a step the runner refuses,
    a step that could not be recorded); the session stays where it was."""


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """A published tree version as the panel lists it."""

    tree_id: str
    version: int
    title: str
    digest: str

    @property
    def key(self) -> str:
        return f"{self.tree_id}@{self.version}"


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _cache_known(method: Callable[_P, Awaitable[_T]]) -> Callable[_P, Awaitable[_T]]:
    """The cache failing (closing at shutdown, a disk problem) as a GuidanceError, which the panel
    says in the status line, rather than a load that never finishes."""

    @functools.wraps(method)
    async def read(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return await method(*args, **kwargs)
        except CacheError as error:
            raise GuidanceError(str(error)) from error

    return read


# --- the session on one case -----------------------------------------------------------------------


class GuidanceRun:
    """One session on one case: the runner's Session, recorded as it goes. Every method that moves
    the session returns the events it added (the panel reacts to responses and escalations)."""

    def __init__(
        self,
        service: GuidanceService,
        case_id: str,
        entry: TreeEntry,
        why: str,
        session: Session,
        session_id: str,
        recorded: int = 0,
    ) -> None:
        self._service = service
        self.case_id = case_id
        self.entry = entry
        self.why = why  # why this tree: the choice rule, the agent's switch, or a resumed session
        self.session = session
        self.session_id = session_id
        self._recorded = recorded  # how many of the session's events are in the outbox or the hub

    @property
    def tree(self) -> Tree:
        return self.session.tree

    @property
    def started(self) -> bool:
        return self.session.started

    @property
    def ended(self) -> bool:
        return self.session.ended is not None

    async def start(self) -> tuple[Event, ...]:
        return await self._step(self.session.start)

    async def answer(self, choice: str | Mapping[str, object]) -> tuple[Event, ...]:
        return await self._step(lambda: self.session.answer(choice))

    async def accept(self) -> tuple[Event, ...]:
        return await self._step(self.session.accept)

    async def back(self) -> tuple[Event, ...]:
        return await self._step(self.session.back)

    async def edit(self, node_id: str, tree: str | None = None) -> tuple[Event, ...]:
        return await self._step(lambda: self.session.edit(node_id, tree))

    async def note(self, text: str) -> tuple[Event, ...]:
        if not text.strip():
            raise GuidanceError(translatable("Errors", "A note needs some text"))
        return await self._step(lambda: self.session.note(text.strip()))

    async def perform(self) -> tuple[str, tuple[Event, ...]]:
        """Do the action the session waits at through the case's actions; the outcome answers it
        (queued: success; refused: failure). Returns the refusal's reason ("" on success)."""
        node = self.session.current
        if not isinstance(node, ActionNode) or self.ended:
            raise GuidanceError(translatable("Errors", "The session is not at an action"))
        reason = ""
        try:
            await self._service.act(self.case_id, node)
        except KnownError as refused:
            reason = str(refused)
        events = await self.answer("failure" if reason else "success")
        return reason, events

    async def escalate(self, reason: str) -> tuple[str, tuple[Event, ...]]:
        """Carry out the escalation the session waits at — a hand-off to its team, or a note telling
        the team (notify) — and only then record it with the agent's reason and go on. Returns what
        was done (for the status line) and the events added; KnownError, with nothing recorded, when
        the hand-off is refused."""
        node = self.session.current
        if not isinstance(node, EscalateNode) or self.ended:
            raise GuidanceError(translatable("Errors", "The session is not at an escalation"))
        done = await self._service.escalate(self.case_id, node, reason)
        return done, await self._step(lambda: self.session.escalate(reason))

    def node(self, tree: str, node_id: str) -> Node | None:
        """A node of the session's tree or of a tree it called (``tree``: id@version)."""
        if tree == self.entry.key:
            return self.tree.node(node_id)
        return self._service.tree_node(tree, node_id)

    def template(self, name: str) -> tuple[Template, dict[str, str | None]] | None:
        """The tree's template ``name`` and the values the session has for it now (for Ctrl+K)."""
        declared = next((t for t in self.tree.templates if t.name == name), None)
        if declared is None:
            return None
        try:
            template = parse_template(declared.text)
        except TemplateError:
            return None
        values = self._service.values_for(self)
        return template, {p: _text(values.get(p)) for p in template.variables}

    async def _step(self, move: Callable[[], None]) -> tuple[Event, ...]:
        before = len(self.session.events)
        try:
            move()
        except RunnerError as refused:
            self._rebuild(before)
            raise GuidanceError(str(refused)) from refused
        events = self.session.events
        try:
            await self._service.record(self, events[self._recorded :])
        except KnownError:
            self._rebuild(before)
            raise
        self._recorded = len(events)
        return events[before:]

    def _rebuild(self, keep: int) -> None:
        """Back to the first ``keep`` events: the session is its log, so a shorter log is the
        session before the step (the runner may have logged part of a refused one)."""
        if len(self.session.events) != keep:
            events = self.session.events[:keep]
            self.session = self._service.session(self.tree, events, self.entry.digest, self.case_id)


# --- the service -----------------------------------------------------------------------------------


class GuidanceService:
    def __init__(
        self,
        catalog: TreeCatalog,
        repository: GuidanceRepository,
        actions: CaseActions,
        choose: Chooser,
        clock: Clock = lambda: datetime.now(UTC),
    ) -> None:
        self._catalog = catalog
        self._repository = repository
        self._actions = actions
        self._choose = choose
        self._clock = clock
        self._trees: dict[tuple[str, int], tuple[Tree, str]] = {}  # parsed once: versions never change
        self._entries: dict[tuple[str, int], TreeEntry] = {}
        self._values: dict[str, dict[str, object]] = {}  # case id → what its conditions read

    @_cache_known
    async def trees(self) -> list[TreeEntry]:
        """The latest published version of every tree, by title (for "Switch tree…")."""
        latest: dict[str, PublishedTreeLike] = {}
        for published in await self._catalog.published():
            known = latest.get(published.tree_id)
            if known is None or published.version > known.version:
                latest[published.tree_id] = published
        entries = [_entry(p) for p in latest.values()]
        return sorted(entries, key=lambda e: (e.title.casefold(), e.tree_id))

    @_cache_known
    async def open(self, case_id: str, mention_id: str | None = None) -> GuidanceRun | None:
        """The case's latest session, resumed (ended or not), else a new one on the tree its rules
        choose (not started). None when the cache lacks the case or no tree applies."""
        facts = await self._repository.facts(case_id, mention_id)
        if facts is None:
            return None
        self._values[case_id] = context_values(facts)
        resumed = await self._resume(case_id, await self._repository.steps(case_id))
        if resumed is not None:
            return resumed
        choice = await self._chosen(facts)
        if choice is None:
            return None
        return await self.new_run(case_id, choice.tree_id, choice.version, choice.why)

    @_cache_known
    async def new_run(self, case_id: str, tree_id: str, version: int, why: str) -> GuidanceRun:
        """A new session (not started) on ``tree_id@version``: "Start again" and "Switch tree…".
        An earlier session of the case stays in its log as it was left."""
        if case_id not in self._values:
            facts = await self._repository.facts(case_id)
            if facts is None:
                raise GuidanceError(translatable("Errors", "The case is not in the local cache"))
            self._values[case_id] = context_values(facts)
        tree, entry = await self._tree(tree_id, version)
        session = self.session(tree, (), entry.digest, case_id)
        return GuidanceRun(self, case_id, entry, why, session, uuid7())

    # What runs call back for.

    def session(self, tree: Tree, events: Iterable[Event], digest: str, case_id: str) -> Session:
        """A session on ``tree`` over the case's values, rebuilt from ``events`` (none: new)."""
        values = self._values.get(case_id, {})
        return Session(tree, values, clock=self._clock, resolver=self._resolve, events=events, digest=digest)

    def values_for(self, run: GuidanceRun) -> dict[str, object]:
        """What the run's templates read now: declared defaults, the case's values, the inputs."""
        defaults = {v.path: v.default for v in run.tree.variables if v.default is not None}
        given = {k: v for k, v in self._values.get(run.case_id, {}).items() if v is not None}
        return {**defaults, **given, **run.session.inputs}

    async def record(self, run: GuidanceRun, events: Sequence[Event]) -> None:
        if not events:
            return
        payloads = [step_payload(run.session_id, run.entry.key, run.entry.digest, e) for e in events]
        try:
            await self._actions.guidance_steps(run.case_id, payloads)
        except ActionError as refused:
            raise GuidanceError(
                translatable("Errors", "The step was not recorded: {refused}"), refused=refused
            ) from refused

    async def act(self, case_id: str, node: ActionNode) -> None:
        """An action node's effect through the case's own actions; KnownError when refused."""
        value = str(node.value).strip()
        if node.action == "tag":
            await self._actions.tag(case_id, value)
        elif node.action == "assign":
            await self._actions.assign(case_id, value or None)
        elif node.action == "set_priority":
            try:
                priority = int(float(value))
            except ValueError:
                raise GuidanceError(translatable("Errors", "“{value}” is no priority"), value=value) from None
            await self._actions.set_priority(case_id, priority, f"guidance: {node.id}")
        else:
            raise GuidanceError(
                translatable("Errors", "This console cannot do “{action}”; do it by hand"), action=node.action
            )

    async def escalate(self, case_id: str, node: EscalateNode, reason: str) -> str:
        reason = " ".join(reason.split()) or node.reason
        if node.mode == "hand_off":
            await self._actions.hand_off(case_id, node.team, reason)
            return f"Handed to {node.team}"
        await self._actions.note(case_id, f"For {node.team}: {reason}")
        return f"{node.team} told in a note"

    # Inside.

    async def _chosen(self, facts: CaseFacts) -> ChoiceLike | None:
        latest = await self._catalog.latest_versions()
        rules = await self._catalog.choice_rules()
        if rules is None:  # no rules synced yet: the agent picks a tree
            return None
        return self._choose(
            rules,
            intent=str(facts.intent) if facts.intent else "",
            network=str(facts.case.network),
            account_id=facts.case.account_id,
            account_handle=facts.account_handle,
            case_id=facts.case.id,
            latest=latest,
        )

    async def _resume(self, case_id: str, recorded: list[RecordedStep]) -> GuidanceRun | None:
        if not recorded:
            return None
        session_id = recorded[-1].session  # the session last worked on
        mine = [r for r in recorded if r.session == session_id]
        tree_id, _, version = mine[0].tree.rpartition("@")
        try:
            tree, entry = await self._tree(tree_id, int(version))
        except (GuidanceError, ValueError):
            return None  # a tree this desk does not hold: offer a new session instead
        by_index: dict[int, Event] = {}
        for step in mine:
            try:
                event = event_from_dict(step.event)
            except (KeyError, TypeError, ValueError):
                continue
            if type(event.index) is not int:  # event_from_dict keeps what JSON gave; sorting needs ints
                continue
            by_index.setdefault(event.index, event)  # two desks on one index: the first recorded
        events = [by_index[i] for i in sorted(by_index)]
        try:
            session = self.session(tree, events, entry.digest, case_id)
        except RunnerError:
            return None
        if session.step is None:  # a log that stops at its start: nothing to go on from
            return None
        why = "resumed: the case's latest session"
        return GuidanceRun(self, case_id, entry, why, session, session_id, len(events))

    async def _tree(self, tree_id: str, version: int) -> tuple[Tree, TreeEntry]:
        """The published version, parsed, with every tree its calls pin (the runner resolves calls
        without waiting)."""
        loaded = await self._load(tree_id, version)
        pending = [loaded[0]]
        while pending:
            for node in pending.pop().nodes:
                if isinstance(node, CallNode) and (node.tree, node.version) not in self._trees:
                    with contextlib.suppress(GuidanceError):  # the runner says so if the call is reached
                        pending.append((await self._load(node.tree, node.version))[0])
        return loaded[0], self._entries[(tree_id, version)]

    async def _load(self, tree_id: str, version: int) -> tuple[Tree, str]:
        key = (tree_id, version)
        if key not in self._trees:
            published = await self._catalog.version(tree_id, version)
            if published is None:
                raise GuidanceError(
                    translatable("Errors", "Tree {tree_id}@{version} is not in the local cache"),
                    tree_id=tree_id,
                    version=version,
                )
            # Parsing and the schema check take ~100 ms for a 1,000-node tree: not on the UI's thread.
            loaded = await asyncio.to_thread(load_tree, f"{tree_id}@{version}", text=published.source)
            if loaded.tree is None:
                first = loaded.problems[0].message if loaded.problems else "unreadable"
                raise GuidanceError(
                    translatable("Errors", "Tree {tree_id}@{version} cannot be read: {first}"),
                    tree_id=tree_id,
                    version=version,
                    first=first,
                )
            self._trees[key] = (loaded.tree, published.digest)
            self._entries[key] = _entry(published)
        return self._trees[key]

    def tree_node(self, tree: str, node_id: str) -> Node | None:
        tree_id, _, version = tree.rpartition("@")
        loaded = self._trees.get((tree_id, int(version))) if version.isdigit() else None
        return loaded[0].node(node_id) if loaded else None

    def _resolve(self, tree_id: str, version: int) -> Tree:
        try:
            return self._trees[(tree_id, version)][0]
        except KeyError:
            raise LookupError(f"{tree_id}@{version}") from None


def _entry(published: PublishedTreeLike) -> TreeEntry:
    return TreeEntry(published.tree_id, published.version, published.title, published.digest)


def context_values(facts: CaseFacts) -> dict[str, object]:
    """Every path a condition or template can read about the case, from what the cache holds:
    the typed paths of the expression language (DEFAULT_ENVIRONMENT), and the plain ones trees
    declare for their replies (``customer.name``, ``customer.handle``, ``case.id``)."""
    values = ex.condition_values(
        mention=facts.mention,
        intent=facts.intent,
        case=facts.case,
        customer=facts.customer,
        customer_case_count=facts.customer_case_count,
    )
    mention, customer = facts.mention, facts.customer
    name = (customer.display_name if customer else "") or (mention.author.name if mention else "")
    values["customer.name"] = name or None
    values["customer.handle"] = mention.author.handle if mention and not mention.from_brand else None
    values["case.id"] = facts.case.id
    values["case.network"] = str(facts.case.network)
    return values


def _text(value: object) -> str | None:
    return None if value is None else value_text(value)

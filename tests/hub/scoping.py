"""A small world of two teams for scope tests, and a workstation's view of the pull reduced to dicts."""

from dataclasses import dataclass, field

from sqlalchemy import select

from console.domain.agent import Agent, Role
from console.domain.ids import uuid7
from console.domain.mention import Author, BrandAccount, Mention
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.domain.network import Network
from console.hub import auth, push
from console.hub.database import reader
from console.hub.ingest import ingest, upsert_accounts
from console.hub.pull import pull
from console.hub.schema import REPLICATED, cases
from console.hub.scope import Scope
from tests.hub.conftest import PASSWORD

T0 = 1_800_000_000_000
EVERYTHING = Scope("overseer", None)  # what a supervisor sees
SUPPORT_ACCOUNT = BrandAccount("acme-x", Network.X, "@AcmeHelp", "Acme", "Support")
LEGAL_ACCOUNT = BrandAccount("acme-legal-x", Network.X, "@AcmeLegal", "Acme Legal", "Legal")


@dataclass
class World:
    people: dict[str, Agent]
    support_case: str  # on the Support team's account
    legal_case: str  # on the Legal team's account


def build_world(engine) -> World:
    upsert_accounts(engine, [SUPPORT_ACCOUNT, LEGAL_ACCOUNT])
    ingest(engine, [_mention(SUPPORT_ACCOUNT, "s", n) for n in range(3)])
    ingest(engine, [_mention(LEGAL_ACCOUNT, "l", n) for n in range(2)])
    people = {
        "ana": auth.add_user(engine, "ana", PASSWORD, Role.AGENT, team_names=["Support"]),
        "lee": auth.add_user(engine, "lee", PASSWORD, Role.AGENT, team_names=["Legal"]),
        "sue": auth.add_user(engine, "sue", PASSWORD, Role.SUPERVISOR, team_names=["Support"]),
        "rex": auth.add_user(engine, "rex", PASSWORD, Role.REVIEWER),
        "ada": auth.add_user(engine, "ada", PASSWORD, Role.ADMIN),
    }
    with reader(engine).connect() as connection:
        by_account = dict(connection.execute(select(cases.c.account_id, cases.c.id)).all())
    return World(people, by_account[SUPPORT_ACCOUNT.id], by_account[LEGAL_ACCOUNT.id])


def more_mentions(engine, account: BrandAccount, thread: str, start: int, count: int) -> None:
    ingest(engine, [_mention(account, thread, n) for n in range(start, start + count)])


def _mention(account: BrandAccount, thread: str, n: int) -> Mention:
    return Mention(
        id="",
        network=account.network,
        account_id=account.id,
        external_id=f"{account.id}-{thread}-{n}",
        author=Author(f"@customer-{thread}"),
        text=f"message {n} in thread {thread}",
        created_ms=T0 + n * 1000,
        conversation_key=f"{account.id}:{thread}",
    )


def act(engine, agent: Agent, kind: MutationKind, case_id: str, **payload) -> None:
    """One mutation from a fresh workstation of ``agent``; it must apply."""
    mutation = Mutation(uuid7(), uuid7(), 1, kind, case_id, T0, payload)
    (result,) = push.push(engine, agent, mutation.workstation_id, [mutation], at_ms=T0).results
    assert result.outcome is Outcome.APPLIED, result.reason


@dataclass
class Mirror:
    """What a workstation holds, applying pages as console.storage.replica does (as plain dicts)."""

    scope: Scope
    cursor: str | None = None
    rows: dict[str, dict[str, dict]] = field(default_factory=lambda: {kind: {} for kind in REPLICATED})
    resets: list[str] = field(default_factory=list)  # reasons
    gone: list[str] = field(default_factory=list)

    def sync(self, engine, limit: int = 1000) -> "Mirror":
        while True:
            page = pull(engine, self.cursor, limit, scope=self.scope)
            if page.reset:
                self.resets.append(page.reset_reason)
                self.rows = {kind: {} for kind in REPLICATED}
            for case_id in page.gone:
                self.gone.append(case_id)
                if self.rows["case"].pop(case_id, None) is not None:
                    for kind in ("mention", "event", "reply", "draft"):
                        kept = self.rows[kind].items()
                        self.rows[kind] = {k: r for k, r in kept if r["case_id"] != case_id}
            for kind, row in page.records():
                self.rows[kind][row["id"]] = row
            self.cursor = page.cursor
            if not page.more:
                return self

    def ids(self, kind: str) -> set[str]:
        return set(self.rows[kind])

    def case_ids_of(self, kind: str) -> set[str]:
        return {row["case_id"] for row in self.rows[kind].values()}

    def pairs(self, kind: str) -> set[tuple[str, int]]:
        return {(row_id, row["seq"]) for row_id, row in self.rows[kind].items()}


def hub_rows(engine, kind: str, case_id: str | None = None) -> dict[str, int]:
    """id → seq of the hub's rows of ``kind`` (of one case when given)."""
    table = REPLICATED[kind]
    query = select(table.c.id, table.c.seq)
    if case_id is not None:
        query = query.where((table.c.id if kind == "case" else table.c.case_id) == case_id)
    with reader(engine).connect() as connection:
        return dict(connection.execute(query).all())

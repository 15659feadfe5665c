"""The local cache's tables: replicas of the hub's rows plus the sync cursor.

Each sortable queue column has an index ending in ``id`` so keyset pages are index range scans.
No foreign keys between replicated tables: pulls apply in change order, and a case row may arrive
after the mentions that point to it (its newest version carries a later change number).
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    case,
    false,
    literal_column,
)

from console.domain.priority import AGING_MS_PER_POINT

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    }
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("hub_url", Text, nullable=False),
    Column("epoch", String(64)),
    Column("cursor", Text),  # EPOCH:SEQ of the last applied page
    Column("head", BigInteger, nullable=False, default=0),
    Column("last_sync_ms", BigInteger),
    # The history horizon the cursor was pulled under (console.hub.scope): its days as set, and the
    # floor fixed when the snapshot started. Both None: every case, however old.
    Column("history_days", Integer),
    Column("floor_ms", BigInteger),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("network", String(16), nullable=False),
    Column("handle", String(255), nullable=False),
    Column("name", String(255), nullable=False),
    Column("team", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("network", String(16), nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("account_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("author_handle", String(255), nullable=False),
    Column("author_name", String(255), nullable=False),
    Column("author_followers", Integer, nullable=False),
    Column("author_verified", Boolean, nullable=False),
    Column("text", Text, nullable=False),
    Column("lang", String(16), nullable=False),
    Column("url", Text, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("parent_external_id", String(255)),
    Column("conversation_key", String(512), nullable=False),
    Column("sentiment", String(8), nullable=False),
    Column("sentiment_score", Float, nullable=False),
    Column("rating", Integer),
    Column("from_brand", Boolean, nullable=False, server_default=false()),  # a published brand reply
    Column("intent", String(16), nullable=False, server_default=""),  # console.domain.intent
    Column("priority", Integer, nullable=False, server_default="0"),  # base part (domain.priority)
    Column("priority_reasons", Text, nullable=False, server_default="[]"),  # JSON [[reason, points]]
    Column("media", Text, nullable=False, server_default="[]"),  # JSON [{kind, url, preview_url}]
    Column("case_id", String(36), nullable=False),
    Column("seq", BigInteger, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("network", String(16), nullable=False),
    Column("account_id", String(64), nullable=False),
    Column("conversation_key", String(512), nullable=False),
    Column("status", String(16), nullable=False),
    Column("opened_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("last_mention_ms", BigInteger, nullable=False),
    Column("mention_count", Integer, nullable=False),
    Column("assignee", String(64)),
    Column("claim_holder", String(64)),
    Column("tags", Text, nullable=False),
    Column("first_response_ms", BigInteger),
    Column("resolved_ms", BigInteger),
    Column("reopen_count", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("claim_token", BigInteger, nullable=False, server_default="0"),
    Column("claim_expires_ms", BigInteger),
    Column("team", String(64)),
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("sla_policy", String(64)),
    Column("first_response_due_ms", BigInteger),
    Column("resolution_due_ms", BigInteger),
    Column("snoozed_until_ms", BigInteger),  # out of the queue until then; a customer message wakes it
    Column("disposition", String(64)),  # how it was resolved (resources/dispositions.yaml)
    Column("sentiment_before", Float),  # the customer's latest score before the first answer
    Column("sentiment_after", Float),  # their first message's score after it
    Column("seq", BigInteger, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("type", String(32), nullable=False, index=True),  # the tree report reads one type
    Column("at_ms", BigInteger, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

teams = Table(
    "teams",
    metadata,
    Column("id", String(64), primary_key=True),  # the team's name
    Column("seq", BigInteger, nullable=False),
)

# The hub's user directory (no secrets ever reach it): names for assignees, colleagues to hand to.
users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("name", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("teams", Text, nullable=False),  # JSON list
    Column("disabled", Boolean, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

replies = Table(
    "replies",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("author_id", String(36), nullable=False),
    Column("account_id", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("private", Boolean, nullable=False),
    Column("claim_token", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("external_id", String(255)),
    Column("attempts", Integer, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("url", Text),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("case_id", String(36), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("text", Text, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

# --- local only: never replicated -----------------------------------------------------------

# One outbox sequence per (this cache, signed-in user): the hub checks a workstation's pushes
# belong to one user, so two people sharing a desk never interleave each other's numbers.
workstations = Table(
    "workstations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), nullable=False, unique=True),
    Column("next_seq", BigInteger, nullable=False),
)

# The durable outbox: a mutation is written here before anything is sent, and stays, with the
# hub's answer, after it is applied. Pending rows are those without an outcome.
outbox = Table(
    "outbox",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workstation_id", String(36), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("case_id", String(36), nullable=False, index=True),
    Column("payload", Text, nullable=False),  # JSON object
    Column("created_ms", BigInteger, nullable=False),
    Column("outcome", String(16)),  # None while unanswered
    Column("reason", Text),
    Column("visible_at", BigInteger),
    Column("detail", Text),  # JSON object
    Column("answered_ms", BigInteger),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    UniqueConstraint("workstation_id", "seq"),
)

Index("ix_outbox_pending", outbox.c.outcome, outbox.c.workstation_id, outbox.c.seq)

Index("ix_mentions_created", mentions.c.created_ms, mentions.c.id)
Index("ix_mentions_network", mentions.c.network, mentions.c.id)
Index("ix_mentions_account", mentions.c.account_id, mentions.c.id)
Index("ix_mentions_author", mentions.c.author_handle, mentions.c.id)
Index("ix_mentions_sentiment", mentions.c.sentiment_score, mentions.c.id)
Index("ix_mentions_case", mentions.c.case_id)
# The queue's priority order: base priority aged a point per AGING_MS_PER_POINT (console.domain.priority).
# The factor is literal SQL, not a bound parameter: SQLite matches an expression index only on the
# same expression, and ``priority * ?`` is not ``priority * 300000`` (a full sort of every row).
PRIORITY_ORDER = mentions.c.priority * literal_column(str(AGING_MS_PER_POINT)) - mentions.c.created_ms
Index("ix_mentions_priority", PRIORITY_ORDER, mentions.c.id)
# The due time of the promise a case still owes: its first response until one is sent, then its
# resolution (console.domain.queue.QueueRow.sla says the same in Python).
OWED_DUE_MS = case(
    (cases.c.first_response_ms.is_(None), cases.c.first_response_due_ms), else_=cases.c.resolution_due_ms
)
Index("ix_mentions_lang", mentions.c.lang, mentions.c.id)
Index("ix_cases_assignee", cases.c.assignee)
# The case archive's two orders, newest first by either time (console.storage.archive_repo).
Index("ix_cases_opened", cases.c.opened_ms, cases.c.id)
Index("ix_cases_updated", cases.c.updated_ms, cases.c.id)
Index("ix_cases_claim_holder", cases.c.claim_holder)
# The cases still owed work, a few thousand among a million: the floor view reads them whole.
Index("ix_cases_unresolved", cases.c.opened_ms, sqlite_where=cases.c.status != "resolved")
Index("ix_mentions_reach", mentions.c.author_followers, mentions.c.id)
Index("ix_mentions_external", mentions.c.external_id, mentions.c.network)  # the post a reply hangs under

crisis_alerts = Table(
    "crisis_alerts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key", String(300), nullable=False),
    Column("bucket_start_ms", BigInteger, nullable=False),
    Column("count", Integer, nullable=False),
    Column("baseline", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("mention_ids", Text, nullable=False),
    Column("team", String(64), nullable=False),
    Column("raised_ms", BigInteger, nullable=False, index=True),
    Column("seq", BigInteger, nullable=False),
)

# --- derived locally from the replicated rows (console.storage.case_facts) -------------------

# One narrow row per case with what the analytics count, kept up to date as its rows arrive
# (console.storage.case_facts). Never replicated: derived from the cases, mentions and events.
case_facts = Table(
    "case_facts",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("opened_ms", BigInteger, nullable=False),  # the period
    Column("day", Integer, nullable=False),  # opened_ms // one day (UTC): days, weeks, periods
    Column("network", String(16), nullable=False),
    Column("account_id", String(64), nullable=False),
    Column("team", String(64), nullable=False),  # handed-to team, else the account's ("" unknown)
    Column("agent", String(64), nullable=False),  # who sent the first published reply ("" none)
    Column("guidance", String(300), nullable=False),  # latest session: "tree · outcome" ("" none)
    Column("excluded", Integer, nullable=False),  # 1: resolved as spam or duplicate
    Column("first_ms", BigInteger, nullable=False),  # the first customer mention
    Column("response_ms", BigInteger),  # first mention → first published reply
    Column("response_bucket", Integer),  # console.domain.measures.time_bucket of it
    Column("resolution_ms", BigInteger),  # first mention → current resolution (None: not resolved)
    Column("resolution_bucket", Integer),
    Column("resolved_ever", Integer, nullable=False),
    Column("reopened", Integer, nullable=False),
    Column("sentiment_change", Float),  # mean after − mean before the first reply
)

# Cases whose rows changed since their facts were derived: a sync page only notes them here (a key
# insert per case), and the analytics derive them before they count (console.storage.case_facts).
case_facts_stale = Table(
    "case_facts_stale",
    metadata,
    Column("case_id", String(36), primary_key=True),
    sqlite_with_rowid=False,
)

# Date ranges downloaded with "Keep offline" (console.services.keep_offline): how far each got, so
# the dialog says what is held and a cancelled download goes on where it stopped. Describes rows of
# the replicated tables, so a resync, which empties those, empties it too.
kept_ranges = Table(
    "kept_ranges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("from_ms", BigInteger, nullable=False),
    Column("to_ms", BigInteger, nullable=False),
    Column("total", Integer, nullable=False),  # cases in the range when the download started
    Column("done", Integer, nullable=False),  # cases stored so far
    Column("resume_after", Text),  # the hub's key of the last page stored; None: from the start
    Column("started_ms", BigInteger, nullable=False),
    Column("finished_ms", BigInteger),  # None while unfinished (running or cancelled)
)

# Cases the pull brought back from beyond the history horizon without their older rows: fetched
# whole from the hub right after the page that noted them (console.sync.puller).
history_wanted = Table(
    "history_wanted",
    metadata,
    Column("case_id", String(36), primary_key=True),
    sqlite_with_rowid=False,
)

# SQLite groups by sorting, and sorting a million rows takes seconds; a GROUP BY that follows an
# index's order streams instead. So each grouping has two covering indexes in its order: one with
# every count and the first-response histogram, one (partial) with the resolution histogram. Weeks
# are read from days; the total from networks (the fewest groups). The price is disk: some 550
# bytes per case with the table (~550 MB for a million cases), and twelve index entries per derived case.
FACT_FAMILIES = {
    "network": ("network",),
    "account": ("account_id",),
    "team": ("team",),
    "agent": ("agent",),
    "guidance": ("guidance",),
    "day": ("day",),
}
for _family, _keys in FACT_FAMILIES.items():
    Index(
        f"ix_case_facts_{_family}",
        *(case_facts.c[k] for k in _keys),
        *(case_facts.c[k] for k in ("excluded", "response_bucket", "response_ms", "resolved_ever")),
        *(case_facts.c[k] for k in ("reopened", "sentiment_change", "opened_ms")),
    )
    Index(
        f"ix_case_facts_{_family}_resolution",
        *(case_facts.c[k] for k in _keys),
        *(case_facts.c[k] for k in ("resolution_bucket", "resolution_ms", "opened_ms")),
        sqlite_where=(case_facts.c.excluded == 0) & case_facts.c.resolution_bucket.is_not(None),
    )

# Customers and their identities, notes and history (console.hub.customers), for the profile.
customers = Table(
    "customers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("display_name", String(255), nullable=False),
    Column("tier", String(16), nullable=False),
    Column("crm_id", String(255), nullable=False, index=True),
    Column("email", String(320), nullable=False, index=True),
    Column("merged_into", String(36), index=True),
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

identities = Table(
    "identities",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("network", String(16), nullable=False),
    Column("handle", String(255), nullable=False),
    Column("name", String(255), nullable=False),
    Column("handle_key", String(255), nullable=False, index=True),
    Column("name_key", String(255), nullable=False, index=True),
    Column("linked_by", String(64), nullable=False),
    Column("linked_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Index("ix_identities_network_handle", "network", "handle"),  # a case's author → their customer
)

customer_notes = Table(
    "customer_notes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("author", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

customer_events = Table(
    "customer_events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("type", String(16), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("data", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

# Published decision trees and the rules choosing them (console.hub.tree_store), read by
# console.storage.trees_repo; a handful of rows, so no index beyond the key.
tree_versions = Table(
    "tree_versions",
    metadata,
    Column("id", String(255), primary_key=True),  # tree_id@version
    Column("tree_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("title", String(255), nullable=False),
    Column("published_ms", BigInteger, nullable=False),
    Column("published_by", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
)

tree_choice_rules = Table(
    "tree_choice_rules",
    metadata,
    Column("id", String(64), primary_key=True),  # the file's digest; the row with the highest seq is in force
    Column("source", Text, nullable=False),
    Column("published_ms", BigInteger, nullable=False),
    Column("published_by", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
)

# Team notes (console.domain.broadcast) this user is addressed by (the hub scopes them).
broadcasts = Table(
    "broadcasts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("team_id", String(64), nullable=True),  # None: everyone
    Column("author_id", String(36), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
Index("ix_broadcasts_created", broadcasts.c.created_ms, broadcasts.c.id)  # "Team notes…", newest first

REPLICATED = {
    "account": accounts,
    "mention": mentions,
    "case": cases,
    "event": events,
    "team": teams,
    "user": users,
    "reply": replies,
    "draft": drafts,
    "crisis_alert": crisis_alerts,
    "customer": customers,
    "identity": identities,
    "customer_note": customer_notes,
    "customer_event": customer_events,
    "tree_version": tree_versions,
    "choice_rules": tree_choice_rules,
    "broadcast": broadcasts,
}

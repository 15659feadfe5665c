"""The hub's tables (SQLAlchemy Core), one schema for PostgreSQL and SQLite.

The change log is not a table of its own: every replicated row carries ``seq``, the change sequence
at which it last changed, allocated from the single ``change_counter`` row inside the writing
transaction (see :mod:`console.hub.changelog`). Pulling is "rows with seq in (after, head]" per table.
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
    false,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

hub_meta = Table(
    "hub_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

change_counter = Table(
    "change_counter",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("network", String(16), nullable=False),
    Column("handle", String(255), nullable=False),
    Column("name", String(255), nullable=False),
    Column("team", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
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
    Column("case_id", String(36), nullable=False, index=True),
    Column("ingested_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
    UniqueConstraint("network", "external_id"),
    # A customer's latest mention on a brand account: which case their new post joins (ingest).
    Index("ix_mentions_customer", "account_id", "author_handle", "created_ms"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("network", String(16), nullable=False),
    Column("account_id", String(64), nullable=False),
    Column("conversation_key", String(512), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("opened_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("last_mention_ms", BigInteger, nullable=False),
    Column("mention_count", Integer, nullable=False),
    Column("assignee", String(64)),
    Column("claim_holder", String(64)),
    Column("tags", Text, nullable=False),  # JSON list
    Column("first_response_ms", BigInteger),
    Column("resolved_ms", BigInteger),
    Column("reopen_count", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("claim_token", BigInteger, nullable=False, server_default="0"),
    Column("claim_expires_ms", BigInteger),
    Column("team", String(64)),
    Column("priority", Integer, nullable=False, server_default="0"),  # set by routing (0–100)
    Column("sla_policy", String(64)),
    Column("first_response_due_ms", BigInteger),
    Column("resolution_due_ms", BigInteger),
    Column("snoozed_until_ms", BigInteger),  # out of the queue until then; a customer message wakes it
    Column("disposition", String(64)),  # how it was resolved (resources/dispositions.yaml)
    Column("sentiment_before", Float),  # the customer's latest score before the first answer
    Column("sentiment_after", Float),  # their first message's score after it
    Column("seq", BigInteger, nullable=False, index=True),
)
# A history download pages the cases of a date range in this order (console.hub.history); with
# last activity in it, a range is counted and paged from the index alone (for every team's scope).
Index("ix_cases_opened", cases.c.opened_ms, cases.c.id, cases.c.updated_ms)

events = Table(
    "events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("type", String(32), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("data", Text, nullable=False),  # JSON object
    Column("seq", BigInteger, nullable=False, index=True),
)

teams = Table(
    "teams",
    metadata,
    Column("id", String(64), primary_key=True),  # the team's name, as brand accounts and users name it
    Column("seq", BigInteger, nullable=False, index=True),
)

# People with an account on the hub. Password hashes and tokens live in tables of their own that
# are never replicated, so nothing secret can ride along with a directory row.
users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("name", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("teams", Text, nullable=False),  # JSON list of team names
    Column("disabled", Boolean, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("capacity", Integer, nullable=False, server_default="8"),  # open cases before routing stops
    Column("languages", Text, nullable=False, server_default="[]"),  # JSON list; empty: any
    Column("networks", Text, nullable=False, server_default="[]"),  # JSON list; empty: any
    Column("seq", BigInteger, nullable=False, index=True),
)

passwords = Table(
    "passwords",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("hash", Text, nullable=False),  # argon2id, with its parameters and salt
    Column("changed_ms", BigInteger, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the bearer token: a leaked table signs in no one
    Column("user_id", String(36), nullable=False, index=True),
    Column("label", String(255), nullable=False),  # which workstation or tool asked for it
    Column("created_ms", BigInteger, nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
    Column("revoked_ms", BigInteger),
)

# Push: the last sequence applied per workstation, and every answer given (for resends and audit).
workstations = Table(
    "workstations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_push_ms", BigInteger, nullable=False),
)

mutations = Table(
    "mutations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workstation_id", String(36), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("case_id", String(36), nullable=False, index=True),
    Column("outcome", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("visible_at", BigInteger),
    Column("detail", Text, nullable=False),  # JSON object
    Column("applied_ms", BigInteger, nullable=False),
    UniqueConstraint("workstation_id", "seq"),
)

# Replies on their way out: queued → sending → published | failed, or needs_review when the
# claim they were written under was lost (see console.domain.reply and console.hub.publisher).
# The last three columns are the publisher's own: when to try next, and which hub process holds
# the reply while it may be on its way to the network, until when.
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
    Column("status", String(16), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("external_id", String(255)),
    Column("attempts", Integer, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
    Column("url", Text),  # the post's address on the network, once published
    Column("next_attempt_ms", BigInteger, nullable=False, server_default="0"),
    Column("lease_owner", String(64)),
    Column("lease_until_ms", BigInteger),
)

# One autosaved draft per case and author, replicated so it follows the agent to another desk.
drafts = Table(
    "drafts",
    metadata,
    Column("id", String(80), primary_key=True),  # case id:user id
    Column("case_id", String(36), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("text", Text, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
)

# What the demo network holds: one row per published reply, keyed by the reply, so publishing one
# twice cannot pass unseen — the second attempt only counts itself in ``duplicates`` (always 0 when
# the publisher is right; the fault campaign checks it). Never replicated: it is the "network".
demo_posts = Table(
    "demo_posts",
    metadata,
    Column("reply_id", String(36), primary_key=True),
    Column("external_id", String(255), nullable=False, unique=True),
    Column("network", String(16), nullable=False),
    Column("account_id", String(64), nullable=False),
    Column("case_id", String(36), nullable=False),
    Column("text", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("posted_ms", BigInteger, nullable=False),
    Column("duplicates", Integer, nullable=False, server_default="0"),
)

# A spike of negative mentions about one account or topic (console.hub.crisis_watch); one per key
# and window, so two hub processes raise it once.
crisis_alerts = Table(
    "crisis_alerts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key", String(300), nullable=False),  # account:ID or topic:TERM
    Column("bucket_start_ms", BigInteger, nullable=False),
    Column("count", Integer, nullable=False),
    Column("baseline", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("mention_ids", Text, nullable=False),  # JSON list
    Column("team", String(64), nullable=False),  # where its cases were routed
    Column("raised_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
    UniqueConstraint("key", "bucket_start_ms"),
)

# Customers: every author the hub hears from has an identity (network, handle), each identity one
# customer; agents link identities into one customer and split them again (console.hub.customers).
# Replicated to every signed-in user, like the directory: see console.hub.scope.
customers = Table(
    "customers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("display_name", String(255), nullable=False),
    Column("tier", String(16), nullable=False),  # console.domain.customer.TIERS
    Column("crm_id", String(255), nullable=False, index=True),  # "" when unknown
    Column("email", String(320), nullable=False, index=True),  # "" when unknown
    Column("merged_into", String(36)),  # an empty shell whose identities moved to that customer
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
)

identities = Table(
    "identities",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("network", String(16), nullable=False),
    Column("handle", String(255), nullable=False),
    Column("name", String(255), nullable=False),
    Column("handle_key", String(255), nullable=False, index=True),  # console.domain.customer_links
    Column("name_key", String(255), nullable=False, index=True),
    Column("linked_by", String(64), nullable=False),  # a user id, or "ingest"
    Column("linked_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
    UniqueConstraint("network", "handle"),
)

customer_notes = Table(
    "customer_notes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("author", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
)

# A customer's history: links, splits, tier and details changes, notes, dismissed suggestions.
customer_events = Table(
    "customer_events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("type", String(16), nullable=False),  # console.domain.customer.CustomerEventType
    Column("actor", String(64), nullable=False),
    Column("at_ms", BigInteger, nullable=False),
    Column("data", Text, nullable=False),  # JSON object
    Column("seq", BigInteger, nullable=False, index=True),
)

# Published decision trees (console.hub.tree_store): one row per version, never changed once written
# (a new version is a new row), so a session pinned to a version can always be replayed. Replicated
# to every signed-in user: workstations run trees offline from their cache.
tree_versions = Table(
    "tree_versions",
    metadata,
    Column("id", String(255), primary_key=True),  # tree_id@version: replicated rows are keyed by one id
    Column("tree_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("digest", String(64), nullable=False),  # console.guidance.published.content_digest(source)
    Column("source", Text, nullable=False),  # the YAML as published, LF line endings
    Column("title", String(255), nullable=False),
    Column("published_ms", BigInteger, nullable=False),
    Column("published_by", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
    UniqueConstraint("tree_id", "version"),
)

# The rules that choose a case's tree (console.guidance.choice), one row per distinct file by its
# digest; the one in force is the row changed last (highest seq): publishing an earlier file again
# moves its row to a new change number.
tree_choice_rules = Table(
    "tree_choice_rules",
    metadata,
    Column("id", String(64), primary_key=True),  # content_digest(source)
    Column("source", Text, nullable=False),
    Column("published_ms", BigInteger, nullable=False),
    Column("published_by", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
)

# --- channels: hub-only (never replicated: credentials stay on the hub) ---------------------------

# A brand account's credentials for its network, encrypted (console.hub.credentials); one row per account.
account_credentials = Table(
    "account_credentials",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("secret", Text, nullable=False),  # Fernet token of the JSON credentials
    Column("key_id", String(16), nullable=False),  # which key sealed it, so a rotated key is named
    Column("updated_ms", BigInteger, nullable=False),
)

# Where each account's fetching stands: the cursor to go on from and the last success or failure.
channel_state = Table(
    "channel_state",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("last_success_ms", BigInteger, nullable=True),  # every stream polled
    Column("last_error", Text, nullable=True),
    Column("last_error_ms", BigInteger, nullable=True),
    Column("failures", Integer, nullable=False),  # in a row, since the last success
    Column("lease_owner", String(64), nullable=True),  # the hub process polling it now
    Column("not_before_ms", BigInteger, nullable=True),  # its lease while polled, then its next poll
    Column("stopped_ms", BigInteger, nullable=True),  # a permanent failure: no polls until new credentials
)

# Where each of an account's streams (console.hub.streams) stands.
channel_streams = Table(
    "channel_streams",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("stream", String(32), primary_key=True),
    Column("cursor", Text, nullable=True),  # the newest-seen marker (since_id…)
    Column("last_success_ms", BigInteger, nullable=True),
    Column("backfill", Text, nullable=True),  # JSON: backfills cut short, [{token, since, floor_ms}]
    Column("last_error", Text, nullable=True),  # this stream's own trouble (the account's is above)
    Column("stopped_ms", BigInteger, nullable=True),  # a permanent failure of this stream alone
    Column("not_before_ms", BigInteger, nullable=True),  # when it is due again (its own pace)
    Column("failures", Integer, nullable=True),  # its own, in a row
)

# Moderation jobs (console.hub.moderator): a customer's mention to hide or unhide on its network,
# taken by one hub process at a time under a lease. Not replicated: workstations see its events.
moderation_jobs = Table(
    "moderation_jobs",
    metadata,
    Column("id", String(36), primary_key=True),  # the hide mutation's id
    Column("case_id", String(36), nullable=False),
    Column("mention_id", String(36), nullable=False),
    Column("account_id", String(64), nullable=False),
    Column("network", String(16), nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("hidden", Boolean, nullable=False),
    Column("reason", Text, nullable=False),  # the agent's, for the record
    Column("requested_by", String(36), nullable=False),
    Column("status", String(16), nullable=False, index=True),  # queued, working, done, failed
    Column("last_error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_ms", BigInteger, nullable=False),
    Column("lease_owner", String(64)),
    Column("lease_until_ms", BigInteger),
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
)

# What came from a network and could not be read as a mention: kept with its reason, never dropped.
quarantine = Table(
    "quarantine",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("network", String(16), nullable=False),
    Column("account_id", String(64), nullable=True),
    Column("source", String(255), nullable=False),  # "fetch", "webhook", or the file imported
    Column("location", String(255), nullable=False),  # where in the body: "data[3]"
    Column("reason", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("received_ms", BigInteger, nullable=False, index=True),
)

# Team notes (console.domain.broadcast): a supervisor's message to a team, or to everyone (team_id
# NULL); one row per broadcast mutation, under its id, so a resent mutation cannot store it twice.
broadcasts = Table(
    "broadcasts",
    metadata,
    Column("id", String(36), primary_key=True),  # the mutation's id
    Column("team_id", String(64), nullable=True),
    Column("author_id", String(36), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
)

# Tables replicated to workstations, with the change kind each row is sent as.
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

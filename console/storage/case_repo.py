"""One case in full from the cache: header, conversation, context post and history, in a few queries.

Each per-case read is an index lookup (``ix_mentions_case``, ``ix_replies_case_id``,
``ix_events_case_id``, ``ix_outbox_case_id``); names come from the small user directory by primary
key. The context post is looked up by (network, external id) only when the cache has an index that
starts with ``external_id``: without one that lookup scans every cached mention (a second at a
million), so the view shows the post's id instead of stalling the reader thread.
"""

import json
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import Connection, func, select, text

from console.domain.case import CaseStatus
from console.domain.case_detail import (
    CaseDetail,
    CaseHeader,
    ContextPost,
    ConversationEntry,
    RawEvent,
    context_external_id,
    hidden_mentions,
    thread,
    timeline_entry,
)
from console.domain.mention import Media, MentionKind
from console.domain.network import Network
from console.domain.reply import ReplyStatus
from console.domain.sentiment import Sentiment
from console.storage.database import CacheDatabase
from console.storage.schema import accounts, cases, events, mentions, outbox, replies, users


class CaseRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db
        self._external_index: bool | None = None  # learnt on first use: the schema does not change

    async def colleagues(self) -> tuple[tuple[str, str, str], ...]:
        """Who a note can @mention: (user id, username, name) of every enabled user, by username.
        Reviewers are included: the hub notifies anyone named, not only those who take cases."""
        display = func.coalesce(func.nullif(users.c.name, ""), users.c.username)
        query = (
            select(users.c.id, users.c.username, display)
            .where(users.c.disabled.is_(False))
            .order_by(func.lower(users.c.username))
        )
        return await self._db.read(lambda c: tuple(tuple(row) for row in c.execute(query)))

    async def detail(self, case_id: str) -> CaseDetail | None:
        return await self._db.read(lambda c: self.detail_sync(c, case_id))

    def detail_sync(self, connection: Connection, case_id: str) -> CaseDetail | None:
        if self._external_index is None:
            self._external_index = has_external_id_index(connection)
        return detail(connection, case_id, lookup_context=self._external_index)


def has_external_id_index(connection: Connection) -> bool:
    """Whether some index on ``mentions`` starts with ``external_id`` (so a lookup by it is a seek)."""
    for index in connection.execute(text("PRAGMA index_list('mentions')")).all():
        first = connection.execute(text(f"PRAGMA index_info('{index[1]}')")).first()
        if first is not None and first[2] == "external_id":
            return True
    return False


def detail(connection: Connection, case_id: str, lookup_context: bool = True) -> CaseDetail | None:
    """The case ``case_id`` as the case view shows it; None when the cache does not hold it."""
    row = connection.execute(
        select(cases, accounts.c.handle.label("account_handle"), accounts.c.team.label("account_team"))
        .outerjoin(accounts, accounts.c.id == cases.c.account_id)
        .where(cases.c.id == case_id)
    ).first()
    if row is None:
        return None
    mention_rows = connection.execute(select(mentions).where(mentions.c.case_id == case_id)).all()
    reply_rows = connection.execute(select(replies).where(replies.c.case_id == case_id)).all()
    event_rows = connection.execute(
        select(events.c.id, events.c.type, events.c.at_ms, events.c.actor, events.c.data)
        .where(events.c.case_id == case_id)
        .order_by(events.c.at_ms, events.c.seq)
    ).all()
    mine = frozenset(connection.scalars(select(outbox.c.id).where(outbox.c.case_id == case_id)))
    raw_events = [RawEvent(e.id, e.type, e.at_ms, e.actor, decoded_object(e.data)) for e in event_rows]
    people = {row.assignee, row.claim_holder} | {r.author_id for r in reply_rows}
    for event in raw_events:
        people |= {event.actor, event.data.get("assignee"), event.data.get("took_over_from")}
    names = user_names(connection, {p for p in people if isinstance(p, str) and p})
    header = _header(row, names)
    hidden = hidden_mentions(raw_events)
    entries = {m.id: _mention_entry(m, m.id in hidden) for m in mention_rows}
    conversation = thread(_with_replies(list(entries.values()), reply_rows, names, header))
    context = _context(connection, header.network, conversation, lookup_context)
    timeline = tuple(timeline_entry(e, names, entries, header, mine) for e in raw_events)
    return CaseDetail(header, context, conversation, timeline, frozenset(r.id for r in reply_rows))


def decoded_object(data: str) -> dict:
    """An event's JSON data as a dict; {} for anything else (a synced row may be anything)."""
    try:
        value = json.loads(data)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def user_names(connection: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    query = select(users.c.id, func.coalesce(func.nullif(users.c.name, ""), users.c.username))
    return dict(connection.execute(query.where(users.c.id.in_(sorted(ids)))).all())


def _header(row, names: dict[str, str]) -> CaseHeader:
    def name(user_id: str | None) -> str | None:
        return names.get(user_id, user_id) if user_id else None

    try:
        tags = json.loads(row.tags)
    except ValueError:
        tags = []
    return CaseHeader(
        id=row.id,
        network=Network(row.network),
        account_id=row.account_id,
        account_handle=row.account_handle or row.account_id,
        status=CaseStatus(row.status),
        team=row.team or row.account_team,
        assignee=name(row.assignee),
        claim_holder=name(row.claim_holder),
        claim_expires_ms=row.claim_expires_ms,
        priority=row.priority,
        sla_policy=row.sla_policy,
        first_response_due_ms=row.first_response_due_ms,
        resolution_due_ms=row.resolution_due_ms,
        first_response_ms=row.first_response_ms,
        resolved_ms=row.resolved_ms,
        opened_ms=row.opened_ms,
        tags=tuple(sorted(str(tag) for tag in tags)),
        mention_count=row.mention_count,
        reopen_count=row.reopen_count,
        snoozed_until_ms=row.snoozed_until_ms,
        disposition=row.disposition,
        sentiment_before=row.sentiment_before,
        sentiment_after=row.sentiment_after,
    )


def _mention_entry(m, hidden: bool = False) -> ConversationEntry:
    return ConversationEntry(
        id=m.id,
        external_id=m.external_id,
        network=Network(m.network),
        kind=MentionKind(m.kind),
        author_handle=m.author_handle,
        author_name=m.author_name,
        author_followers=m.author_followers,
        author_verified=bool(m.author_verified),
        text=m.text,
        lang=m.lang,
        url=m.url,
        created_ms=m.created_ms,
        parent_external_id=m.parent_external_id,
        sentiment=None if m.from_brand else Sentiment(m.sentiment),
        sentiment_score=m.sentiment_score,
        from_brand=bool(m.from_brand),
        media=_media(m.media),
        hidden=hidden,
    )


def _media(stored: str | None) -> tuple[Media, ...]:
    """The mention's media as stored (JSON); anything malformed is left out, never a broken view."""
    try:
        items = json.loads(stored or "[]")
    except ValueError:
        return ()
    found = []
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and isinstance(item.get("url"), str) and item["url"]:
            kind, preview = str(item.get("kind") or "link"), str(item.get("preview_url") or "")
            found.append(Media(kind, item["url"], preview))
    return tuple(found)


def _with_replies(
    entries: list[ConversationEntry], reply_rows: Iterable, names: dict[str, str], header: CaseHeader
) -> list[ConversationEntry]:
    """The mentions with the brand's replies folded in: a published reply the network echoed back is
    one entry (the mention, with who wrote it); any other reply is an entry of its own, under the
    customer message it answers (the latest before it, as the hub's publisher picks)."""
    by_external = {e.external_id: i for i, e in enumerate(entries)}
    customer = sorted((e for e in entries if not e.from_brand), key=lambda e: (e.created_ms, e.id))
    result = list(entries)
    for reply in sorted(reply_rows, key=lambda r: (r.created_ms, r.id)):
        writer = names.get(reply.author_id, reply.author_id)
        echoed = by_external.get(reply.external_id) if reply.external_id else None
        if echoed is not None:
            result[echoed] = _replace_reply(result[echoed], reply, writer)
            continue
        answered = [e for e in customer if e.created_ms <= reply.created_ms] or customer[:1]
        result.append(
            ConversationEntry(
                id=reply.id,
                external_id=reply.external_id,
                network=header.network,
                kind=MentionKind.DIRECT_MESSAGE if reply.private else MentionKind.REPLY,
                author_handle=header.account_handle,
                author_name=header.account_handle,
                author_followers=0,
                author_verified=False,
                text=reply.text,
                lang="",
                url=reply.url or "",
                created_ms=reply.created_ms,
                parent_external_id=answered[-1].external_id if answered else None,
                sentiment=None,
                sentiment_score=0.0,
                from_brand=True,
                reply_status=reply.status,
                reply_reason=reply.reason,
                written_by=writer,
            )
        )
    return result


def _replace_reply(entry: ConversationEntry, reply, writer: str) -> ConversationEntry:
    return replace(entry, reply_status=ReplyStatus.PUBLISHED.value, written_by=writer, reply_reason="")


def _context(
    connection: Connection, network: Network, conversation: tuple[ConversationEntry, ...], lookup: bool
) -> ContextPost | None:
    external_id = context_external_id(conversation)
    if external_id is None:
        return None
    found = None
    if lookup:
        found = connection.execute(
            select(mentions).where(mentions.c.external_id == external_id, mentions.c.network == network.value)
        ).first()
    return ContextPost(external_id, _mention_entry(found) if found is not None else None)

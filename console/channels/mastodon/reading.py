"""Mastodon answers read as mentions: notifications (v1, and grouped v2), conversations,
statuses, thread contexts, and the streaming API's server-sent events.

Statuses arrive as HTML; :func:`html_to_text` keeps what a reader sees (line breaks, the text of
links and mentions). A public thread is keyed by its root status when the page shows it (a status
without ``in_reply_to_id`` is its own root; a reply whose parent is in the page takes the parent's
root), else by the parent it answers; the connector re-keys such a reply by the first status of
its thread's context. A direct message is keyed by the other people in it (their
account ids, sorted), which is the same whether it came as a notification, a conversation or a
stream event, so a private exchange stays one case.
"""

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from console.channels.mastodon.text import html_to_text
from console.channels.normalized import Page, Quarantined
from console.domain.mention import Author, BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

NETWORK = Network.MASTODON


def normalize(body: object, *, url: str, account: BrandAccount, received_ms: int) -> Page:
    """The mentions in a Mastodon API answer from ``url`` (see the module docstring); never raises."""
    try:
        return _normalize(body, url, account)
    except Exception as failure:  # a last guard: a reader bug must quarantine, not stop ingest
        return Page(quarantined=(Quarantined.of(f"unreadable Mastodon answer ({failure!r})", body),))


def _normalize(body: object, url: str, account: BrandAccount) -> Page:
    path = urlsplit(url).path.rstrip("/")
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return _refused(f"Mastodon said: {body['error']}", body, path)
    reader = _Reader(account)
    if re.fullmatch(r"/api/v1/notifications(/\d+)?", path):
        items = [body] if isinstance(body, dict) else body
        if not isinstance(items, list):
            return _refused("notifications: expected a list", body, path)
        for index, item in enumerate(items):
            reader.notification(item, f"[{index}]")
        return reader.page(paged=True)
    if path == "/api/v2/notifications":
        if not isinstance(body, dict) or not isinstance(body.get("notification_groups"), list):
            return _refused("grouped notifications: no 'notification_groups' list", body, path)
        reader.grouped(body)
        return reader.page(paged=True)
    if path == "/api/v1/conversations":
        if not isinstance(body, list):
            return _refused("conversations: expected a list", body, path)
        for index, item in enumerate(body):
            reader.conversation(item, f"[{index}]")
        return reader.page(paged=True)
    if re.fullmatch(r"/api/v1/statuses/[^/]+/context", path):
        if not isinstance(body, dict):
            return _refused("context: expected an object", body, path)
        ancestors, descendants = body.get("ancestors"), body.get("descendants")
        if not isinstance(ancestors, list) or not isinstance(descendants, list):
            return _refused("context: no 'ancestors'/'descendants' lists", body, path)
        for index, item in enumerate(ancestors):
            reader.status(item, f"ancestors[{index}]")
        for index, item in enumerate(descendants):
            reader.status(item, f"descendants[{index}]")
        return reader.page()
    if re.fullmatch(r"/api/v1/statuses(/\d+)?", path):
        if isinstance(body, dict) and "scheduled_at" in body and "params" in body:
            return Page(skipped=1)  # a status scheduled for later: it is not on the network yet
        reader.status(body, "")
        return reader.page()
    if re.fullmatch(r"/api/v1/(timelines/[^/]+|accounts/\d+/statuses)", path):
        if not isinstance(body, list):
            return _refused("statuses: expected a list", body, path)
        for index, item in enumerate(body):
            if isinstance(item, dict) and isinstance(item.get("id"), str | int):
                reader.ids.append(str(item["id"]))
            reader.status(item, f"[{index}]")
        return reader.page(paged=True)
    return _refused(f"not a Mastodon endpoint Horseshoe reads ({path or url})", body, path)


def _refused(reason: str, body: object, where: str) -> Page:
    return Page(quarantined=(Quarantined.of(reason, body, where),))


class _Reader:
    """Reads the items of one answer, in order, into mentions, quarantined items and skips."""

    def __init__(self, account: BrandAccount):
        self.account = account
        self.mentions: list[Mention] = []
        self.quarantined: list[Quarantined] = []
        self.skipped = 0
        self.ids: list[str] = []  # the ids paging counts in (notification or status ids)
        self.roots: dict[str, str] = {}

    def page(self, paged: bool = False) -> Page:
        ordered = sorted(self.mentions, key=lambda m: (m.created_ms, _id_order(m.external_id)))
        ids = sorted(self.ids, key=_id_order)
        return Page(
            mentions=tuple(self._rooted(m) for m in ordered),
            quarantined=tuple(self.quarantined),
            next_cursor=ids[0] if paged and ids else None,
            newest=ids[-1] if ids else None,
            skipped=self.skipped,
        )

    def _rooted(self, mention: Mention) -> Mention:
        """A reply's key by its thread's root, when the page holds the parent."""
        if mention.kind is MentionKind.DIRECT_MESSAGE or not mention.parent_external_id:
            return mention
        root, seen = mention.parent_external_id, set()
        while root in self.roots and self.roots[root] != root and root not in seen:
            seen.add(root)
            root = self.roots[root]
        return replace(mention, conversation_key=f"{NETWORK.value}:{self.account.id}:{root}")

    def notification(self, item: object, where: str) -> None:
        if not isinstance(item, dict):
            self.quarantined.append(Quarantined.of("a notification is not an object", item, where))
            return
        kind, note_id = item.get("type"), item.get("id")
        if not isinstance(note_id, str | int) or not isinstance(kind, str):
            self.quarantined.append(Quarantined.of("a notification without 'id' or 'type'", item, where))
            return
        self.ids.append(str(note_id))
        if kind != "mention":
            self.skipped += 1
            return
        self.status(item.get("status"), f"{where}.status")

    def grouped(self, body: Mapping) -> None:
        statuses = {s.get("id"): s for s in body.get("statuses") or () if isinstance(s, dict)}
        for index, group in enumerate(body["notification_groups"]):
            where = f"notification_groups[{index}]"
            if not isinstance(group, dict) or not isinstance(group.get("type"), str):
                self.quarantined.append(Quarantined.of("a notification group without 'type'", group, where))
                continue
            newest = group.get("most_recent_notification_id")
            if isinstance(newest, str | int):
                self.ids.append(str(newest))
            if group["type"] != "mention":
                self.skipped += 1
                continue
            status = statuses.get(group.get("status_id"))
            if status is None:
                self.quarantined.append(
                    Quarantined.of("a mention group whose status is not in 'statuses'", group, where)
                )
                continue
            self.status(status, where)

    def conversation(self, item: object, where: str) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("last_status"), dict):
            self.quarantined.append(Quarantined.of("a conversation without 'last_status'", item, where))
            return
        others = [a.get("id") for a in item.get("accounts") or () if isinstance(a, dict)]
        if isinstance(item["last_status"].get("id"), str | int):
            self.ids.append(str(item["last_status"]["id"]))  # conversations page by their statuses' ids
        self.status(item["last_status"], f"{where}.last_status", others=others)

    def status(self, status: object, where: str, others: Iterable[object] | None = None) -> None:
        if not isinstance(status, dict):
            self.quarantined.append(Quarantined.of("no status object", status, where))
            return
        if status.get("reblog"):
            self.skipped += 1  # a boost repeats someone's post; it is not written to the brand
            return
        try:
            mention = _mention(status, self.account, others)
        except (KeyError, TypeError, ValueError, AttributeError) as failure:
            self.quarantined.append(Quarantined.of(f"status cannot be read: {_why(failure)}", status, where))
            return
        self.mentions.append(mention)
        parent = mention.parent_external_id
        self.roots[mention.external_id] = parent or mention.external_id


def _why(failure: Exception) -> str:
    if isinstance(failure, KeyError):
        return f"no {failure.args[0]!r}"
    return str(failure) or type(failure).__name__


def _mention(status: Mapping, account: BrandAccount, others: Iterable[object] | None) -> Mention:
    status_id = _text_id(status["id"], "id")
    author_data = status["account"]
    if not isinstance(author_data, dict):
        raise TypeError("'account' is not an object")
    content = status["content"] if "text" not in status else status.get("content") or ""
    if not isinstance(content, str):
        raise TypeError("'content' is not text")
    # A deleted status comes back with its source ("text") and no HTML.
    text = html_to_text(content) if content else str(status.get("text") or "")
    spoiler = status.get("spoiler_text")
    if isinstance(spoiler, str) and spoiler.strip():
        text = f"{spoiler.strip()}\n\n{text}"
    parent = status.get("in_reply_to_id")
    parent_id = _text_id(parent, "in_reply_to_id") if parent is not None else None
    from_brand = is_brand(author_data.get("acct"), account)
    if status.get("visibility") == "direct":
        kind = MentionKind.DIRECT_MESSAGE
        if others is None:
            people = [author_data.get("id")] + [
                m.get("id") for m in status.get("mentions") or () if isinstance(m, dict)
            ]
            brand_ids = {author_data.get("id")} if from_brand else set()
            brand_ids |= {
                m.get("id")
                for m in status.get("mentions") or ()
                if isinstance(m, dict) and is_brand(m.get("acct"), account)
            }
            others = [p for p in people if p not in brand_ids]
        party = ",".join(sorted({str(p) for p in others if isinstance(p, str | int)})) or status_id
        key = f"{NETWORK.value}:{account.id}:dm:{party}"
    else:
        kind = MentionKind.REPLY if parent_id else MentionKind.POST
        key = f"{NETWORK.value}:{account.id}:{parent_id or status_id}"
    return Mention(
        id="",
        network=NETWORK,
        account_id=account.id,
        external_id=status_id,
        author=_author(author_data),
        text=text,
        created_ms=iso_ms(status["created_at"]),
        kind=kind,
        lang=status.get("language") if isinstance(status.get("language"), str) else "",
        url=str(status.get("url") or status.get("uri") or ""),
        parent_external_id=parent_id,
        conversation_key=key,
        from_brand=from_brand,
        media=tuple(_media(status.get("media_attachments"))),
    )


def _text_id(value: object, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise TypeError(f"'{name}' is not an id")
    return str(value)


def _author(data: Mapping) -> Author:
    acct = data["acct"]
    if not isinstance(acct, str) or not acct:
        raise TypeError("the account has no 'acct'")
    followers = data.get("followers_count")
    fields = data.get("fields") if isinstance(data.get("fields"), list) else []
    return Author(
        handle=acct,
        name=data.get("display_name") if isinstance(data.get("display_name"), str) else "",
        followers=followers if isinstance(followers, int) and not isinstance(followers, bool) else 0,
        # Mastodon's only verification: a profile link that links back ("verified_at").
        verified=any(isinstance(f, dict) and f.get("verified_at") for f in fields),
    )


def _media(attachments: object) -> Iterable[Media]:
    for item in attachments if isinstance(attachments, list) else ():
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            preview = item.get("preview_url")
            yield Media(
                str(item.get("type") or "unknown"), item["url"], preview if isinstance(preview, str) else ""
            )


def is_brand(acct: object, account: BrandAccount) -> bool:
    """Whether ``acct`` (``user`` on the brand's own server, ``user@server`` elsewhere) is the brand."""
    if not isinstance(acct, str) or not acct:
        return False
    mine = account.handle.lstrip("@").lower()
    acct = acct.lstrip("@").lower()
    # A local account shows as "user" on its own server; "user@elsewhere" is someone else.
    return acct == mine or ("@" not in acct and acct == mine.split("@")[0])


def iso_ms(value: object) -> int:
    """UTC epoch milliseconds of an ISO 8601 time as Mastodon and Bluesky write them."""
    if not isinstance(value, str):
        raise TypeError("the time is not text")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"the time {value!r} has no zone")
    return int(moment.timestamp() * 1000)


def _id_order(value: str) -> tuple[int, int, str]:
    """Mastodon ids are decimal strings that grow with time; compare them as numbers."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


# --- streaming --------------------------------------------------------------------------------


def parse_events(stream: str) -> list[tuple[str, str]]:
    """The (event, data) pairs of a server-sent-events text, as the streaming API sends them;
    comment lines (``:)`` heartbeats) are ignored, multi-line data is joined with newlines."""
    events: list[tuple[str, str]] = []
    event, data = "", []
    for line in [*stream.splitlines(), ""]:
        if not line:
            if data:
                events.append((event or "message", "\n".join(data)))
            event, data = "", []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "data":
                data.append(value)
    return events


def normalize_stream(stream: str, *, account: BrandAccount, received_ms: int) -> Page:
    """The mentions in a recorded or live streaming text: ``notification`` events of type mention
    and ``conversation`` events (direct messages); other events (timeline updates, deletes) are skipped."""
    reader = _Reader(account)
    for index, (event, data) in enumerate(parse_events(stream)):
        where = f"event[{index}] {event}"
        if event not in ("notification", "conversation"):
            reader.skipped += 1
            continue
        try:
            payload = json.loads(data)
        except ValueError:
            reader.quarantined.append(Quarantined.of(f"{event} event: data is not JSON", data, where))
            continue
        try:
            if event == "notification":
                reader.notification(payload, where)
            else:
                reader.conversation(payload, where)
        except Exception as failure:  # the same last guard as normalize
            reader.quarantined.append(
                Quarantined.of(f"unreadable {event} event ({failure!r})", payload, where)
            )
    return reader.page()

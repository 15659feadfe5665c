"""The conversation as rich text for a QTextBrowser: one document for hundreds of messages (a widget
per message costs a second to build at that size), links and "Open original" as anchors, selectable.

Network text is never markup: every piece is escaped, controls and bidi overrides are made
harmless by console.domain.excerpt, and a message's direction comes from its own first strong
character, so an Arabic message reads right to left without turning the page around.
"""

import html
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.domain.case_detail import ContextPost, ConversationEntry
from console.domain.clock import to_datetime
from console.domain.excerpt import excerpt, is_right_to_left
from console.domain.links import find_links
from console.domain.reply import ReplyStatus
from console.ui.style import current, tokens

INDENT_PX = 28  # per level of a thread
MAX_TEXT = 10_000  # characters of one message shown; the original is a click away

_STATUS_COLORS = {
    ReplyStatus.PUBLISHED.value: "ok",
    ReplyStatus.QUEUED.value: "warning",
    ReplyStatus.SENDING.value: "warning",
    ReplyStatus.FAILED.value: "danger",
    ReplyStatus.NEEDS_REVIEW.value: "danger",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("CaseThread", text)


def safe_text(text: str) -> str:
    """``text`` as escaped HTML: line breaks kept, controls made visible, links clickable."""
    lines = []
    for line in text[:MAX_TEXT].splitlines():
        clean = excerpt(line, MAX_TEXT)
        lines.append(_linked(clean))
    return "<br>".join(lines)


def _linked(line: str) -> str:
    parts, at = [], 0
    for link in find_links(line):
        target = line[link.start : link.end]
        href = target if link.has_scheme else f"https://{target}"
        parts += [
            html.escape(line[at : link.start]),
            f'<a href="{html.escape(href)}">{html.escape(target)}</a>',
        ]
        at = link.end
    parts.append(html.escape(line[at:]))
    return "".join(parts)


Badges = dict[str, tuple[str, str]]


def pill(key: str, label: str, badges: Badges | None = None) -> str:
    """A badge; ``badges`` default to the theme in force (a printed report passes the light ones)."""
    badges = badges if badges is not None else current().badges
    background, foreground = badges.get(key, badges["neutral"])
    return (
        f'<span style="background-color:{background}; color:{foreground}; font-weight:600;">'
        f"&nbsp;{html.escape(label)}&nbsp;</span>"
    )


def when(ms: int) -> str:
    return to_datetime(ms).astimezone().strftime("%d %b %Y %H:%M")


def conversation_html(
    context: ContextPost | None,
    entries: tuple[ConversationEntry, ...],
    reach: Callable[[int], str],
    palette: dict[str, str] | None = None,
    later: tuple[ConversationEntry, ...] = (),
) -> str:
    """The whole document, in the theme in force unless ``palette`` says otherwise; ``later`` (a
    replay's messages still to come) are greyed below a line."""
    palette = palette or tokens()
    body = conversation_body(context, entries, reach, palette, later)
    return f'<html><body style="color:{palette["text"]};">{body}</body></html>'


def conversation_body(
    context: ContextPost | None,
    entries: tuple[ConversationEntry, ...],
    reach: Callable[[int], str],
    palette: dict[str, str] | None = None,
    later: tuple[ConversationEntry, ...] = (),
    badges: Badges | None = None,
) -> str:
    """The conversation as HTML to place in a larger document (a case report, which prints light)."""
    palette = palette or tokens()
    parts = []
    if context is not None:
        parts.append(_context_html(context, reach, palette, badges))
    if not entries:
        parts.append(
            f'<p style="color:{palette["muted"]};">{html.escape(tr("No messages on this case."))}</p>'
        )
    for entry in entries:
        parts.append(_entry_html(entry, reach, palette, badges))
    if later:
        muted = palette["muted"]
        parts.append(f'<p style="color:{muted}; margin-top:14px;"><i>{html.escape(tr("Later:"))}</i></p>')
        # The same messages with every colour muted: there, but not yet said at this point.
        grey = palette | {"text": muted, "surface_alt": palette["window"], "selection": palette["window"]}
        grey |= {"accent": palette["border"], "ok": muted, "warning": muted, "danger": muted}
        parts.extend(
            f'<div style="color:{muted};">{_entry_html(e, reach, grey, badges)}</div>' for e in later
        )
    return "".join(parts)


def _context_html(
    context: ContextPost, reach: Callable[[int], str], palette: dict[str, str], badges: Badges | None
) -> str:
    muted = palette["muted"]
    if context.entry is None:
        label = tr("In reply to a post not in this cache (id {id})").format(id=context.external_id)
        return f'<p style="color:{muted};"><i>{html.escape(label)}</i></p>'
    entry = context.entry
    title = tr("In reply to the brand's post") if entry.from_brand else tr("In reply to")
    return (
        f'<table width="100%" cellpadding="8" cellspacing="0" style="background-color:{palette["window"]};">'
        f'<tr><td style="color:{muted};">'
        f"<i>{html.escape(title)}</i><br>{_meta(entry, reach, palette, badges)}"
        f'<p dir="{_direction(entry.text)}">{safe_text(entry.text)}</p>'
        f"</td></tr></table>"
    )


def _entry_html(
    entry: ConversationEntry, reach: Callable[[int], str], palette: dict[str, str], badges: Badges | None
) -> str:
    brand = entry.from_brand
    indent = entry.depth * INDENT_PX + (INDENT_PX * 2 if brand else 0)
    background = palette["selection"] if brand else palette["surface_alt"]
    border = palette["accent"] if brand else palette["border"]
    status = ""
    if entry.reply_status:
        color = palette[_STATUS_COLORS.get(entry.reply_status, "muted")]
        text = entry.reply_status.replace("_", " ")
        if entry.reply_reason:
            text += f": {excerpt(entry.reply_reason, 200)}"
        status = f' · <span style="color:{color}; font-weight:600;">{html.escape(text)}</span>'
    if entry.hidden:  # hidden on the network by the brand: the customer still sees it, others do not
        status += (
            f' · <span style="color:{palette["muted"]}; font-weight:600;">{html.escape(tr("hidden"))}</span>'
        )
    return (
        f'<table width="100%" cellpadding="0" cellspacing="0" style="margin-top:8px;">'
        f'<tr><td width="{indent}"></td>'
        f'<td style="background-color:{background}; border-left: 3px solid {border}; padding: 8px;">'
        f"{_meta(entry, reach, palette, badges)}{status}"
        f'<p dir="{_direction(entry.text)}" style="margin-top:4px;">{safe_text(entry.text)}</p>'
        f"{_media_html(entry)}"
        f"</td></tr></table>"
    )


_MEDIA_LABELS = {
    "image": QT_TRANSLATE_NOOP("CaseThread", "🖼 picture"),
    "photo": QT_TRANSLATE_NOOP("CaseThread", "🖼 picture"),
    "video": QT_TRANSLATE_NOOP("CaseThread", "🎞 video"),
    "gif": QT_TRANSLATE_NOOP("CaseThread", "🎞 GIF"),
}


def _media_html(entry: ConversationEntry) -> str:
    """Attached media as links (opened in the browser, like "Open original"): the agent sees what
    the customer sent without the console fetching anything from the network."""
    if not entry.media:
        return ""
    other = QT_TRANSLATE_NOOP("CaseThread", "🔗 link")
    links = [
        f'<a href="{html.escape(item.url)}">{html.escape(tr(_MEDIA_LABELS.get(item.kind, other)))}</a>'
        for item in entry.media
    ]
    return f'<p style="margin-top:2px;">{" · ".join(links)}</p>'


def _meta(
    entry: ConversationEntry, reach: Callable[[int], str], palette: dict[str, str], badges: Badges | None
) -> str:
    muted = palette["muted"]
    verified = " ✓" if entry.author_verified else ""
    author = excerpt(entry.author_name or entry.author_handle, 80) + verified
    details = []
    if entry.from_brand:
        details.append(
            tr("the brand")
            + (f" · {tr('by {name}').format(name=entry.written_by)}" if entry.written_by else "")
        )
    else:
        if entry.author_handle and entry.author_handle != entry.author_name:
            details.append(excerpt(entry.author_handle, 60))
        details.append(reach(entry.author_followers))
    details.append(entry.kind.value.replace("_", " "))
    details.append(when(entry.created_ms))
    link = ""
    if entry.url:
        link = f' · <a href="{html.escape(entry.url)}">{html.escape(tr("Open original"))}</a>'
    sentiment = ""
    if entry.sentiment is not None:
        score = f"{entry.sentiment.value} {entry.sentiment_score:+.1f}"
        sentiment = " " + pill(entry.sentiment.value, score, badges)
    return (
        f"{pill(entry.network.value, entry.network.label, badges)} <b>{html.escape(author)}</b>{sentiment}"
        f'<span style="color:{muted};"> · {html.escape(" · ".join(details))}</span>{link}'
    )


def _direction(text: str) -> str:
    return "rtl" if is_right_to_left(text) else "ltr"

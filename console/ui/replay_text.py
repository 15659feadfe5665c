"""How a replay frame reads, for the replay window and the case report alike: the event as a
sentence, the case's facts as they stood (status, people, service level, mood), a guidance step's
answer and how it was given, and the customer's next message."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.domain.case import CaseStatus
from console.domain.case_detail import ConversationEntry, TimelineEntry
from console.domain.clock import to_datetime
from console.domain.excerpt import excerpt
from console.domain.replay import Replay
from console.domain.sla import Clock, SlaState, format_countdown
from console.guidance.replay_path import PathStep, SessionPath
from console.ui import report_text as fmt
from console.ui.case_thread_html import when


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReplayText", text)


def sentence(entry: TimelineEntry) -> str:
    """The event in words, as the case view's timeline says it."""
    return QCoreApplication.translate("CaseTimeline", entry.template).format(**entry.values)


STATUS = {
    CaseStatus.NEW: QT_TRANSLATE_NOOP("ReplayText", "new"),
    CaseStatus.OPEN: QT_TRANSLATE_NOOP("ReplayText", "open"),
    CaseStatus.PENDING: QT_TRANSLATE_NOOP("ReplayText", "pending (waiting for the customer)"),
    CaseStatus.RESOLVED: QT_TRANSLATE_NOOP("ReplayText", "resolved"),
}


def facts(replay: Replay, index: int) -> list[tuple[str, str]]:
    """(label, value) rows: the case as it stood after frame ``index``."""
    frame = replay.frames[index]
    case, at = frame.case, frame.at_ms
    status = _tr(STATUS[case.status])
    if case.status is CaseStatus.RESOLVED and case.disposition:
        status += " · " + case.disposition
    if case.reopen_count:
        status += " · " + _tr("reopened {n}×").format(n=case.reopen_count)
    if case.snoozed_until_ms is not None and case.snoozed_until_ms > at:
        status += " · " + _tr("snoozed until {at}").format(at=when(case.snoozed_until_ms))
    claim = _tr("not claimed")
    if case.claim_holder:
        holder = replay.name(case.claim_holder)
        expired = case.claim_expires_ms is not None and case.claim_expires_ms <= at
        claim = (_tr("{name} (lease ran out)") if expired else "{name}").format(name=holder)
    rows = [
        (_tr("Status"), status),
        (_tr("Assigned to"), replay.name(case.assignee) or _tr("nobody")),
        (_tr("Claimed by"), claim),
        (_tr("Team"), replay.team(index) or _tr("none")),
        (_tr("Priority"), str(case.priority) if case.priority else _tr("not routed yet")),
    ]
    first, resolution = replay.service_level(index)
    promises = [
        text
        for text in (
            _promise(_tr("first response"), first, case.first_response_ms, at),
            _promise(_tr("resolution"), resolution, case.resolved_ms, at),
        )
        if text
    ]
    if case.sla_policy or promises:
        level = " · ".join(([case.sla_policy] if case.sla_policy else []) + promises)
        rows.append((_tr("Service level"), level))
    since = replay.since_first_mention_ms(index)
    if since is not None:
        rows.append((_tr("Since the first message"), fmt.duration(since / 1000)))
    rows.append((_tr("Tags"), ", ".join(sorted(case.tags)) or _tr("none")))
    if case.sentiment_before is not None:
        mood = _tr("{before:+.2f} before the first answer").format(before=case.sentiment_before)
        if case.sentiment_after is not None:
            change = case.sentiment_after - case.sentiment_before
            mood += " → " + _tr("{after:+.2f} after it ({change})").format(
                after=case.sentiment_after, change=fmt.sentiment(change)
            )
        rows.append((_tr("Sentiment"), mood))
    return rows


def _promise(name: str, state: Clock, done_ms: int | None, at: int) -> str:
    match state.state:
        case SlaState.MET:
            return _tr("{name} in time ({at})").format(name=name, at=when(done_ms or at))
        case SlaState.BREACHED if done_ms is not None:
            return _tr("{name} late ({at})").format(name=name, at=when(done_ms))
        case SlaState.BREACHED:
            late = format_countdown(-(state.remaining_ms or 0))
            return _tr("{name} overdue by {late}").format(name=name, late=late)
        case SlaState.AT_RISK:
            left = format_countdown(state.remaining_ms)
            return _tr("{name} at risk: {left} left").format(name=name, left=left)
        case SlaState.OK:
            left = format_countdown(state.remaining_ms)
            return _tr("{name} due in {left}").format(name=name, left=left)
    return ""


def how(step: PathStep) -> str:
    """How a step was answered: the suggestion taken, a choice made by hand, or one overridden."""
    match step.how:
        case "auto":
            return _tr("suggestion taken")
        case "override":
            return _tr("overrode “{suggested}”").format(suggested=step.suggested or "?")
        case "manual":
            return _tr("by hand")
    return "" if step.answer is None else _tr("answered")


def session_title(session: SessionPath) -> str:
    if session.ended:
        return _tr("{tree}: ended as {disposition}").format(
            tree=session.tree, disposition=session.disposition
        )
    return _tr("{tree}: in progress").format(tree=session.tree)


def step_answer(step: PathStep) -> str:
    return step.answer if step.answer is not None else _tr("(not answered yet)")


def next_message(replay: Replay, index: int) -> tuple[ConversationEntry | None, str]:
    """The customer's next message after frame ``index`` and a line saying who and when."""
    entry = replay.next_customer(index)
    if entry is None:
        return None, _tr("The customer wrote nothing after this point.")
    later = max(0, entry.created_ms - replay.frames[index].at_ms)
    author = excerpt(entry.author_name or entry.author_handle, 80)
    line = _tr("{author}, {later} later ({at})").format(
        author=author, later=fmt.duration(later / 1000), at=when(entry.created_ms)
    )
    if entry.sentiment is not None:
        line += " · " + _tr("sentiment {score:+.1f}").format(score=entry.sentiment_score)
    return entry, line


def short_time(ms: int) -> str:
    """``29 Dec 09:20``: a timeline row's time (the year is in its tooltip and the title)."""
    return to_datetime(ms).astimezone().strftime("%d %b %H:%M")


def followers(count: int) -> str:
    """A reach for the conversation's byline (``1.2M followers``)."""
    if count >= 1_000_000:
        shown = f"{count / 1_000_000:.1f}M"
    elif count >= 10_000:
        shown = f"{count // 1000}k"
    else:
        shown = f"{count:,}"
    return _tr("{count} followers").format(count=shown)

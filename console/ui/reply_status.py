"""A reply's status in words for its author: where it is between the outbox and the network."""

from PySide6.QtCore import QCoreApplication

from console.domain.reply import ReplyStatus
from console.services.replies import REFUSED, UNSENT, ReplyView


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReplyStatus", text)


def status_text(view: ReplyView) -> str:
    reason = view.reason
    match view.state:
        case ReplyStatus.QUEUED:
            text = _tr("queued at the hub · {reason}") if reason else _tr("queued at the hub")
        case ReplyStatus.SENDING:
            text = _tr("sending · {reason}") if reason else _tr("sending…")
        case ReplyStatus.PUBLISHED:
            text = _tr("published")
        case ReplyStatus.FAILED:
            text = _tr("failed: {reason}")
        case ReplyStatus.NEEDS_REVIEW:
            text = _tr("needs review: {reason}")
        case _ if view.state == UNSENT:
            text = _tr("queued (in the outbox, not at the hub yet)")
        case _ if view.state == REFUSED:
            text = _tr("refused by the hub: {reason}")
        case _:
            text = view.state
    return text.format(reason=reason)

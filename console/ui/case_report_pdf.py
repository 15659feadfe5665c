"""The case report as a PDF: one QTextDocument (title, the case's facts, its whole timeline, the
conversation, the guidance path and the notes) printed by QPdfWriter on A4, with page numbers.

Rendering needs Qt's fonts, so it runs on the Qt thread; a case of a few hundred events takes a
fraction of a second. The bytes are written by the review service, whole or not at all.
"""

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from console.domain.case_detail import Origin
from console.services.case_replay import CaseReport
from console.ui import replay_text as text
from console.ui.case_thread_html import conversation_body, safe_text, when
from console.ui.style import BADGES, LIGHT

MARGIN_MM = 15
FONT_POINTS = 9


def _tr(label: str) -> str:
    return QCoreApplication.translate("CaseReport", label)


ORIGINS = {
    Origin.NETWORK: QT_TRANSLATE_NOOP("CaseReport", "the network"),
    Origin.HUB: QT_TRANSLATE_NOOP("CaseReport", "the hub"),
    Origin.WORKSTATION: QT_TRANSLATE_NOOP("CaseReport", "a workstation"),
    Origin.THIS_WORKSTATION: QT_TRANSLATE_NOOP("CaseReport", "this workstation"),
}


def report_html(report: CaseReport) -> str:
    replay, detail = report.replay, report.detail
    header = detail.header
    muted, shade = LIGHT["muted"], LIGHT["window"]
    customer = next((e for e in detail.conversation if not e.from_brand), None)
    who = (customer.author_name or customer.author_handle) if customer else ""
    title = _tr("Case report: {network} {account}").format(
        network=header.network.label, account=header.account_handle
    )
    if who:
        title += " · " + who
    made = _tr("Case {id} · made {at} from this desk's cache").format(id=header.id, at=when(report.made_ms))
    parts = [
        f'<html><body style="color:{LIGHT["text"]};">',
        f"<h1>{html.escape(title)}</h1>",
        f'<p style="color:{muted};">{html.escape(made)}</p>',
    ]
    # No grid (QTextDocument draws a collapsed border only in part): rows are told apart by shade.
    table = '<table width="100%" border="0" cellspacing="0" cellpadding="3">'
    if report.last is not None:
        parts.append(f"<h2>{html.escape(_tr('The case'))}</h2>{table}")
        for n, (label, value) in enumerate(text.facts(replay, report.last.index)):
            parts.append(
                f'<tr{_shade(n, shade)}><td width="28%"><b>{html.escape(label)}</b></td>'
                f"<td>{html.escape(value)}</td></tr>"
            )
        parts.append("</table>")
    parts.append(f"<h2>{html.escape(_tr('Timeline'))}</h2>{table}")
    headings = (_tr("When"), _tr("Who"), _tr("What"), _tr("From"))
    parts.append(
        f'<tr bgcolor="{LIGHT["border"]}">'
        + "".join(f'<th align="left">{html.escape(h)}</th>' for h in headings)
        + "</tr>"
    )
    for n, entry in enumerate(detail.timeline):
        cells = (text.short_time(entry.at_ms), entry.actor, text.sentence(entry), _tr(ORIGINS[entry.origin]))
        parts.append(
            f'<tr{_shade(n, shade)}><td width="15%">{html.escape(cells[0])}</td>'
            f'<td width="15%">{html.escape(cells[1])}</td>'
            f'<td>{html.escape(cells[2])}</td><td width="16%">{html.escape(cells[3])}</td></tr>'
        )
    parts.append("</table>")
    parts.append(f"<h2>{html.escape(_tr('Conversation'))}</h2>")
    parts.append(conversation_body(detail.context, detail.conversation, text.followers, LIGHT, badges=BADGES))
    parts.append(f"<h2>{html.escape(_tr('Guidance path'))}</h2>")
    if not report.guidance:
        parts.append(f"<p>{html.escape(_tr('No guidance was used on this case.'))}</p>")
    for session in report.guidance:
        parts.append(f"<h3>{html.escape(text.session_title(session))}</h3>{table}")
        for n, step in enumerate(session.steps):
            node = step.node if step.tree == session.tree else f"{step.node} ({step.tree})"
            cells = (node, text.step_answer(step), text.how(step))
            parts.append(
                f"<tr{_shade(n, shade)}>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
            )
        for team, mode, reason in session.escalations:
            cells = (_tr("escalated to {team}").format(team=team), reason, mode.replace("_", " "))
            parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
    parts.append(f"<h2>{html.escape(_tr('Notes'))}</h2>")
    if not report.notes:
        parts.append(f"<p>{html.escape(_tr('No notes on this case.'))}</p>")
    for note in report.notes:
        parts.append(
            f"<p><b>{html.escape(note.author)}</b> · {when(note.at_ms)}<br>{safe_text(note.text)}</p>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def _shade(row: int, color: str) -> str:
    return f' bgcolor="{color}"' if row % 2 else ""


def render_pdf(report: CaseReport) -> bytes:
    """The report as PDF bytes (A4, page numbers at the foot of each page)."""
    document = QTextDocument()
    font = QFont()
    font.setPointSize(FONT_POINTS)
    document.setDefaultFont(font)
    document.setHtml(report_html(report))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(_tr("Case report {id}").format(id=report.detail.header.id))
    writer.setCreator("Horseshoe")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    # A document without a page size of its own is paginated to the writer's page, with numbers.
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())

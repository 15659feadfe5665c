"""My hand-offs (Queue menu): each case I handed to another team and where it stands — still waiting
to be sent, refused by the hub (with why), or with the team now; while this cache still holds the
case (a supervisor's, or a team I am in), its status too."""

from PySide6.QtWidgets import QWidget

from console.domain.clock import to_datetime
from console.domain.excerpt import excerpt
from console.domain.handoff import HandoffRecord, HandoffState
from console.services.handoffs import HandoffHistory
from console.ui.records_dialog import RecordsDialog


class HandoffsDialog(RecordsDialog):
    def __init__(self, history: HandoffHistory, parent: QWidget | None = None):
        super().__init__(parent, "handoffs")
        self._history = history
        self.setWindowTitle(self.tr("My hand-offs"))
        self.list.setAccessibleDescription(self.tr("The cases you handed off and where each stands"))
        self.list.setAccessibleName(self.tr("Cases I handed off"))
        headers = (self.tr("When"), self.tr("Case"), self.tr("To"), self.tr("Reason"), self.tr("Now"))
        self.list.setHeaderLabels(list(headers))
        self.empty.setText(self.tr("You have not handed off any case from this desk."))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.refresh()

    async def _load(self) -> None:
        self.show_records(await self._history.mine())

    def show_records(self, records: list[HandoffRecord]) -> None:
        self.show_rows(
            [
                (
                    [
                        to_datetime(record.asked_ms).astimezone().strftime("%d %b %H:%M"),
                        excerpt(record.excerpt, 60) or record.case_id,
                        record.team,
                        excerpt(record.reason, 80),
                        self._now(record),
                    ],
                    record.reason,
                    record.case_id,
                )
                for record in records
            ],
            fitted=4,
        )

    def _now(self, record: HandoffRecord) -> str:
        if record.state is HandoffState.WAITING:
            return self.tr("Waiting to be sent")
        if record.state is HandoffState.REFUSED:
            return self.tr("Refused: {reason}").format(reason=record.refusal)
        if record.case_status is None:
            return self.tr("With {team} (no longer in your queue)").format(team=record.team)
        team = record.case_team or record.team
        return self.tr("With {team} · {status}").format(team=team, status=record.case_status)

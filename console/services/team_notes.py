"""Team notes reaching this desk: which new ones to put in the banner and the desktop notice.

A note is news when a pull brings it, it was written within :data:`FRESH_MS` (a new workstation's
first sync brings old notes too: those wait in "Team notes…"), it is not the reader's own, and it
was not shown before in this session.
"""

from collections.abc import Callable

from console.domain.broadcast import Broadcast
from console.domain.clock import now_ms
from console.domain.excerpt import excerpt
from console.domain.sync import AppliedChanges
from console.domain.translatable import translatable
from console.services.notifications import Notice, NoticeKind, Notifier
from console.storage.broadcasts_repo import BroadcastRepository

FRESH_MS = 8 * 3600 * 1000  # a shift: a note from yesterday is history, not news


class TeamNotes:
    def __init__(
        self,
        repo: BroadcastRepository,
        notifier: Notifier | None,
        current_user: Callable[[], str | None],
        clock: Callable[[], int] = now_ms,
    ):
        self._repo = repo
        self._notifier = notifier
        self._user = current_user
        self._clock = clock
        self._told: set[str] = set()

    async def arrived(self, changes: AppliedChanges) -> list[Broadcast]:
        """The news among the notes a pull applied, newest first; each is given to the notifier
        (which respects the agent's mute)."""
        if not changes.broadcasts:
            return []
        me, oldest = self._user(), self._clock() - FRESH_MS
        notes = [
            note
            for note in await self._repo.by_ids(changes.broadcasts)
            if note.id not in self._told and note.author_id != me and note.created_ms >= oldest
        ]
        for note in notes:
            self._told.add(note.id)
            if self._notifier is not None:
                self._notifier.notify(
                    Notice.of(
                        NoticeKind.BROADCAST,
                        notice_title(note),
                        "{text}",
                        f"broadcast:{note.id}",
                        author=note.author_name,
                        team=note.team_id,
                        text=excerpt(note.text, 160),
                    )
                )
        return notes

    async def recent(self) -> list[Broadcast]:
        """The latest notes this user is addressed by, newest first (for "Team notes…")."""
        return await self._repo.recent()


def notice_title(note: Broadcast) -> str:
    """The notice's English title template: fields {author} and {team}."""
    if note.team_id:
        return translatable("Notices", "Team note from {author} to {team}")
    return translatable("Notices", "Team note from {author} to everyone")

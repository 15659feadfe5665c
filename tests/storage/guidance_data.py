"""Recorded guidance sessions put in a cache the way sync puts them there: each session event a
``guidance_step`` case event (data: session, tree, digest, event), each case with its outcome."""

import json

from console.guidance.report import RecordedSession
from tests.storage.case_data import Changes


def add_sessions(changes: Changes, recorded: list[RecordedSession], digest: str = "d1g") -> None:
    cases_done: set[str] = set()
    for session in recorded:
        if session.case_id not in cases_done:
            cases_done.add(session.case_id)
            outcome = session.case
            if outcome is not None:
                changes.case(
                    session.case_id,
                    conversation_key=f"x:{session.case_id}",
                    status=outcome.status,
                    disposition=outcome.disposition,
                    sentiment_before=outcome.sentiment_before,
                    sentiment_after=outcome.sentiment_after,
                )
        for event in session.events:
            data = {
                "session": session.session,
                "tree": session.tree,
                "digest": digest,
                "event": event.as_dict(),
            }
            changes.add(
                "event",
                id=f"{session.session}-{event.index}",
                case_id=session.case_id,
                type="guidance_step",
                at_ms=int(event.at.timestamp() * 1000),
                actor="user-ana",
                data=json.dumps(data),
            )

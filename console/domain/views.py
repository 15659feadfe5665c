"""Saved views of the queue: a name and the filters it applies (never the sort, which is the agent's).

Filters are stored as plain JSON so a view saved today opens after an upgrade adds new filters;
an unknown or malformed field is refused with its name rather than guessed at.
"""

from dataclasses import dataclass, fields, replace

from console.domain.case import CaseStatus
from console.domain.network import Network
from console.domain.queue import UNASSIGNED, QueueQuery
from console.domain.sentiment import Sentiment
from console.domain.sla import SlaState
from console.domain.translatable import translatable


class InvalidViewError(ValueError):
    """A saved view that cannot be read (an unknown filter, a wrong type)."""


_SETS = {
    "networks": Network,
    "accounts": str,
    "teams": str,
    "sentiments": Sentiment,
    "statuses": CaseStatus,
    "assignees": str,
    "languages": str,
    "intents": str,
    "sla_states": SlaState,
}
_NUMBERS = ("since_ms", "until_ms")


@dataclass(frozen=True, slots=True)
class SavedView:
    name: str
    query: QueueQuery  # its filters; the sort is ignored
    builtin: bool = False

    def applied_to(self, current: QueueQuery) -> QueueQuery:
        """The view's filters under the agent's current sort."""
        return replace(self.query, sort=current.sort, descending=current.descending)


def builtin_views(user_id: str | None) -> list[SavedView]:
    """Views every agent has: everything, mine, the holding queue, SLA at risk or breached, crisis,
    and what is snoozed. The working views leave snoozed cases out until their time comes."""
    views = [SavedView(translatable("FilterBar", "All mentions"), QueueQuery(), builtin=True)]
    if user_id:
        mine = QueueQuery(assignees=frozenset({user_id}), snoozed=False)
        views.append(SavedView(translatable("FilterBar", "My queue"), mine, builtin=True))
    unassigned = QueueQuery(assignees=frozenset({UNASSIGNED}), snoozed=False)
    views.append(SavedView(translatable("FilterBar", "Unassigned"), unassigned, builtin=True))
    at_risk = frozenset({SlaState.AT_RISK, SlaState.BREACHED})
    views.append(
        SavedView(
            translatable("FilterBar", "At risk"), QueueQuery(sla_states=at_risk, snoozed=False), builtin=True
        )
    )
    views.append(SavedView(translatable("FilterBar", "Crisis"), QueueQuery(crisis=True), builtin=True))
    views.append(SavedView(translatable("FilterBar", "Snoozed"), QueueQuery(snoozed=True), builtin=True))
    return views


def filters_to_json(query: QueueQuery) -> dict:
    out: dict = {}
    for name in _SETS:
        values = getattr(query, name)
        if values:
            out[name] = sorted(str(v) for v in values)
    for name in _NUMBERS:
        if getattr(query, name) is not None:
            out[name] = getattr(query, name)
    if query.text.strip():
        out["text"] = query.text.strip()
    if query.crisis:
        out["crisis"] = True
    if query.snoozed is not None:
        out["snoozed"] = query.snoozed
    return out


def filters_from_json(data: object) -> QueueQuery:
    if not isinstance(data, dict):
        raise InvalidViewError(f"a view's filters are an object, not {type(data).__name__}")
    known = {f.name for f in fields(QueueQuery)} - {"sort", "descending"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidViewError(f"unknown filter {', '.join(unknown)}")
    values: dict = {}
    try:
        for name, kind in _SETS.items():
            if name in data:
                if not isinstance(data[name], list):
                    raise TypeError(f"{name} is not a list")
                values[name] = frozenset(kind(v) for v in data[name])
        for name in _NUMBERS:
            if data.get(name) is not None:
                if type(data[name]) is not int:
                    raise TypeError(f"{name} is not an integer")
                values[name] = data[name]
        if "text" in data:
            if not isinstance(data["text"], str):
                raise TypeError("text is not a string")
            values["text"] = data["text"]
        if "crisis" in data:
            if not isinstance(data["crisis"], bool):
                raise TypeError("crisis is not true or false")
            values["crisis"] = data["crisis"]
        if "snoozed" in data:
            if not isinstance(data["snoozed"], bool):
                raise TypeError("snoozed is not true or false")
            values["snoozed"] = data["snoozed"]
    except (TypeError, ValueError) as error:
        raise InvalidViewError(str(error)) from error
    return QueueQuery(**values)

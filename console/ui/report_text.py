"""How the tree report writes its numbers: shares as percentages, times as 42 s or 3 m 10 s, sentiment
changes signed (+0.41), and a test's p-value only where there is one."""

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

ARROW = " → "
MINUS = "\u2212"  # a difference's sign, the width of its plus


def _tr(text: str) -> str:
    return QCoreApplication.translate("report_text", text)


def percent(rate: float | None) -> str:
    if rate is None:
        return "—"
    value = rate * 100
    if 0 < value < 1:
        return "<1%"
    if 99 < value < 100:
        return ">99%"
    return f"{value:.0f}%"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = round(seconds)
    if seconds > 0 and whole == 0:
        return "<1 s"
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} m {rest} s" if rest else f"{minutes} m"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} m" if minutes else f"{hours} h"


def sentiment(change: float | None) -> str:
    if change is None:
        return "—"
    if round(change, 2) == 0:
        return "0.00"
    return f"{change:+.2f}"


def sessions(n: int) -> str:
    return _tr("1 session") if n == 1 else _tr("{n} sessions").format(n=f"{n:,}")


def with_n(text: str, n: int) -> str:
    """A figure and how many it stands on, so a small sample reads as one."""
    return f"{text} (n={n})"


def difference(value: float | None, kind: str) -> str:
    """b − a: percentage points for rates, a time, or a sentiment change."""
    if value is None:
        return "—"
    if kind == "rate":
        points = value * 100
        text = "0 pts" if round(points) == 0 else f"{points:+.0f} pts"
    elif kind == "duration":
        text = "0 s" if round(value) == 0 else ("-" if value < 0 else "+") + duration(abs(value))
    elif kind == "count":
        text = f"{value:+.0f}"
    else:
        text = sentiment(value)
    return text.replace("-", MINUS, 1)


def p_value(p: float | None, testable: bool) -> str:
    if not testable:
        return ""
    if p is None:
        return _tr("too few sessions to tell")
    shown = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return shown + (_tr(" — unlikely to be chance") if p < 0.05 else _tr(" — could be chance"))


def path(nodes: Sequence[str]) -> str:
    return ARROW.join(nodes)


def outcomes(counts: Sequence[tuple[str | None, int]], total: int) -> str:
    """``refund_issued 60% · stopped 40%``, most first."""
    parts = []
    for disposition, count in counts:
        name = disposition if disposition is not None else _tr("stopped")
        parts.append(f"{name} {percent(count / total)}" if total else name)
    return " · ".join(parts)

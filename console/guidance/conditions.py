"""The one place tree checking learns what a condition reads: through the expression language
(:mod:`console.guidance.expressions`), so a condition the runner could not parse is reported here."""

from console.guidance.expressions import ExpressionError, parse, variables


def condition_variables(text: str) -> frozenset[str]:
    """The variable paths (``case.priority``, ``session.inputs.order_id``) that ``text`` reads.

    Raises ValueError, with the position and what was expected, for a condition that cannot be read.
    """
    try:
        return variables(parse(text))
    except ExpressionError as failure:
        raise ValueError(str(failure)) from None

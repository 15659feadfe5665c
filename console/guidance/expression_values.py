"""The values a condition reads, taken from the domain objects a guidance session stands on.

One place maps Mention, Case and Customer onto the paths of DEFAULT_ENVIRONMENT, so a runner and
the tests cannot drift from what the environment declares (tests check every path and type).
"""

from collections.abc import Mapping

from console.domain.case import Case
from console.domain.customer import Customer
from console.domain.intent import Intent
from console.domain.mention import Mention


def condition_values(
    *,
    mention: Mention | None = None,
    intent: Intent | None = None,
    case: Case | None = None,
    customer: Customer | None = None,
    customer_case_count: int | None = None,
    answers: Mapping[str, object] | None = None,
    inputs: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """Path → value for a session; what is not given is left out, and reads as null."""
    values: dict[str, object] = {}
    if mention is not None:
        values |= {
            "mention.text": mention.text,
            "mention.network": str(mention.network),
            "mention.sentiment": str(mention.sentiment),
            "mention.sentiment_score": mention.sentiment_score,
            "mention.lang": mention.lang,
            "mention.author_followers": mention.author.followers,
            "mention.author_verified": mention.author.verified,
            "mention.kind": str(mention.kind),
        }
    if intent is not None:  # not stored on the mention: the analysis gives it
        values["mention.intent"] = str(intent)
    if case is not None:
        values |= {
            "case.priority": case.priority,
            "case.status": str(case.status),
            "case.tags": case.tags,
            "case.mention_count": case.mention_count,
            "case.reopen_count": case.reopen_count,
            "case.team": case.team,
        }
    if customer is not None:
        values["customer.tier"] = customer.tier
    if customer_case_count is not None:
        values["customer.case_count"] = customer_case_count
    for node, answer in (answers or {}).items():
        values[f"session.answers.{node}"] = answer
    for name, given in (inputs or {}).items():
        values[f"session.inputs.{name}"] = given
    return values

"""A composer on a real cache and outbox, for the composer's tests and its kill -9 subprocess."""

from console.domain.network import Network
from console.services.cases import CaseActions
from console.services.composer import CaseContext, ComposerService
from console.services.replies import ReplyService
from console.storage.accounts_repo import AccountRepository
from console.storage.canned_file import CannedLoad, bundled_canned
from console.storage.database import CacheDatabase
from console.storage.drafts_repo import DraftRepository
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.storage.replies_repo import ReplyRepository
from tests.storage.conftest import as_tables

ANA = "user-ana"
ACCOUNTS = [  # as resources/demo/accounts.yaml has them
    ("northwind-x", "x", "@NorthwindAir", "Northwind Air"),
    ("northwind-careers-x", "x", "@NorthwindCareers", "Northwind Air Careers"),
    ("fernbank-youtube", "youtube", "Fernbank Mobile", "Fernbank Mobile"),
    ("northwind-bluesky", "bluesky", "northwindair.bsky.social", "Northwind Air"),
    ("fernbank-mastodon", "mastodon", "@fernbank@social.example", "Fernbank Mobile"),
]


class QuietPusher:
    """Stands in for the pusher: these tests stop at the outbox, and count the wake-ups."""

    def __init__(self) -> None:
        self.wakes = 0

    def wake(self) -> None:
        self.wakes += 1


def seed_accounts(cache: CacheDatabase) -> None:
    changes = [
        {
            "seq": n,
            "kind": "account",
            "data": {"id": i, "network": net, "handle": h, "name": name, "team": "Support", "seq": n},
        }
        for n, (i, net, h, name) in enumerate(ACCOUNTS, start=1)
    ]
    head = len(changes)
    tables = as_tables(changes)
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "http://hub", "e", f"e:{head}", head, tables))


def service(
    cache: CacheDatabase, user: str | None = ANA, canned: CannedLoad | None = None
) -> tuple[ComposerService, Outbox]:
    outbox = Outbox(cache)
    actions = CaseActions(outbox, QuietPusher(), lambda: user)  # type: ignore[arg-type]
    replies = ReplyService(ReplyRepository(cache), outbox, lambda: user)
    composer_service = ComposerService(
        actions,
        DraftRepository(cache),
        AccountRepository(cache),
        replies,
        canned or bundled_canned(),
        agent_name=lambda: "Ana Ruiz",
    )
    return composer_service, outbox


def case(
    case_id: str = "case-1",
    network: Network = Network.X,
    account_id: str = "northwind-x",
    claimed: bool = True,
    language: str = "en",
) -> CaseContext:
    handle = next(h for i, _n, h, _name in ACCOUNTS if i == account_id)
    return CaseContext(
        case_id,
        network,
        account_id,
        handle,
        customer_name="Maria Lopez",
        customer_handle="@marialopez",
        language=language,
        claim_holder=ANA if claimed else None,
        claim_token=3 if claimed else 0,
    )

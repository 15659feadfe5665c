"""What the Facebook, Instagram and Meta webhook tests share: accounts, fixture paths, mock clients."""

import json
from pathlib import Path

import httpx
from hypothesis import strategies as st

from console.channels.connector import OutgoingReply
from console.domain.mention import BrandAccount
from console.domain.network import Network
from tests.channels.fixtures import fixtures

GRAPH = "https://graph.facebook.com/v11.0"
# The accounts the recorded bodies belong to (a Meta account's handle is its Graph id).
FB = BrandAccount("acc-fb", Network.FACEBOOK, "19292868552", "Facebook for Developers")
IG = BrandAccount("acc-ig", Network.INSTAGRAM, "17841406338772941", "ikroskun")
HOOK_PAGE = BrandAccount("acc-hook", Network.FACEBOOK, "1234567890321", "Testers Paradise")
HOOK_MESSENGER = BrandAccount("acc-msg", Network.FACEBOOK, "12345654332", "Messenger page")
HOOK_IG = BrandAccount("acc-hig", Network.INSTAGRAM, "17841452691600098", "ig account")
HOOK_ACCOUNTS = {a.handle: a for a in (HOOK_PAGE, HOOK_MESSENGER, HOOK_IG)} | {"0": HOOK_IG}


def data(*parts: str) -> Path:
    return fixtures().joinpath("facebook-instagram", "testdata", *parts)


def hook(*parts: str) -> Path:
    return fixtures().joinpath("meta-webhooks", "src", "test", "resources", "json", *parts)


def load(path: Path) -> object:
    return json.loads(path.read_text("utf-8"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)


def mutate(value, choices, replacement):
    if isinstance(value, dict) and value:
        key = sorted(value)[choices % len(value)]
        out = dict(value)
        if choices % 3 == 0:
            del out[key]
        elif choices % 3 == 1:
            out[key] = replacement
        else:
            out[key] = mutate(out[key], choices // 3, replacement)
        return out
    if isinstance(value, list) and value:
        out = list(value)
        out[choices % len(out)] = mutate(out[choices % len(out)], choices // 2, replacement)
        return out
    return replacement


def client(handler):
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


def outgoing(account, **overrides):
    fields = dict(
        id="0190-reply",
        case_id="case-1",
        network=account.network,
        account=account,
        text="Thanks, we're on it",
        private=False,
        in_reply_to=None,
        conversation_key="",
    )
    fields.update(overrides)
    return OutgoingReply(**fields)

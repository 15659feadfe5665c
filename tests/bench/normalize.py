"""Connectors: normalization throughput per network, and a full import of the recorded fixtures.

* normalize: each network's recorded bodies (the samples its tests name in ``BENCH_SAMPLES``: a
  fixture path and the URL that answered; a cassette's exchange is picked by that URL) read into
  mentions over and over; items/s counts mentions out. Baseline, same run: ``json.loads`` of the same
  bodies, the least any reader must do (target: ≥ 20,000 items/s).
* import: every recorded file of each network through ``horseshoe-hub import``'s path into a fresh
  SQLite hub (normalize, dedup, analysis, cases, quarantine): files, responses, mentions imported,
  quarantined, and the time taken.
"""

import importlib
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from console.channels.recordings import is_recording, read_recording
from console.channels.registry import MODULES, NoConnectorError, normalizer
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import migrate
from console.hub.database import create_hub_engine
from console.hub.importer import import_files
from console.hub.ingest import upsert_accounts
from tests.bench.common import figure, timed
from tests.channels.fixtures import FIXTURES

ROUND_S = 0.5  # each network's samples are read again and again for at least this long
IMPORT_GLOBS = {
    Network.X: ["x/testdata/**/*.json"],
    Network.FACEBOOK: ["facebook-instagram/testdata/facebook/**/*.json"],
    Network.INSTAGRAM: ["facebook-instagram/testdata/instagram/**/*.json"],
    Network.YOUTUBE: ["youtube/testdata/**/*.json"],
    Network.REDDIT: ["reddit/**/cassettes/*.json"],
    Network.MASTODON: ["mastodon/tests/cassettes/*.yaml"],
    Network.BLUESKY: ["bluesky/tests/**/*.yml"],
}


def run(size: int | None = None) -> Iterator[dict]:
    if FIXTURES is None:
        return
    for network in MODULES:
        try:
            normalize = normalizer(network)
        except NoConnectorError:
            continue
        samples = list(_samples(network))
        if samples:
            yield from _throughput(network, normalize, samples)
    yield from _import_all()


def _account(network: Network) -> BrandAccount:
    return BrandAccount(f"{network.value}-bench", network, "brand", "Brand")


def _samples(network: Network) -> Iterator[tuple[str, object, str]]:
    """(raw text, parsed body, url) for each sample the network's tests name."""
    try:
        tests = importlib.import_module(f"tests.channels.test_{network.value}")
    except ModuleNotFoundError:
        return
    for relative, url, *position in getattr(tests, "BENCH_SAMPLES", []):
        path = FIXTURES / relative
        text = path.read_text("utf-8")
        if not is_recording(text):
            yield text, json.loads(text), url
            continue
        exchanges = read_recording(path)
        if position:  # the sample names its interaction
            exchanges = [exchanges[position[0]]]
        for exchange in exchanges:
            if exchange.url == url or (url in exchange.url and exchange.body[:1] in (b"{", b"[")):
                yield exchange.body.decode("utf-8"), json.loads(exchange.body), url
                break


def _throughput(network: Network, normalize, samples) -> Iterator[dict]:
    account = _account(network)
    texts = [text for text, _, _ in samples]
    rounds, items = 0, 0
    with timed() as reading:
        deadline = time.perf_counter() + ROUND_S
        while time.perf_counter() < deadline:
            for _text, body, url in samples:
                items += len(normalize(body, url=url, account=account, received_ms=0).mentions)
            rounds += 1
    with timed() as parsing:
        for _ in range(rounds):
            for text in texts:
                json.loads(text)
    per_round = items // rounds
    yield figure(
        "normalize",
        f"{network.label}: json.loads of {len(samples)} bodies (baseline)",
        rounds * per_round / parsing.seconds if parsing.seconds else 0.0,
        "items/s",
    )
    yield figure(
        "normalize",
        f"{network.label}: normalize, {per_round} mentions from {len(samples)} bodies (target ≥ 20,000)",
        items / reading.seconds,
        "items/s",
        rounds * per_round / parsing.seconds if parsing.seconds else None,
    )


def _import_all() -> Iterator[dict]:
    with tempfile.TemporaryDirectory(prefix="horseshoe-bench-") as folder:
        engine = create_hub_engine(f"sqlite:///{Path(folder) / 'hub.sqlite'}")
        migrate.upgrade(engine)
        for network, globs in IMPORT_GLOBS.items():
            try:
                normalizer(network)
            except NoConnectorError:
                continue
            files = sorted({p for pattern in globs for p in FIXTURES.glob(pattern) if p.is_file()})
            account = _account(network)
            upsert_accounts(engine, [account])
            with timed() as timer:
                reports = import_files(engine, network, files, account)
            responses, read = sum(r.responses for r in reports), sum(r.mentions for r in reports)
            imported, held = sum(r.imported for r in reports), sum(len(r.quarantined) for r in reports)
            yield figure(
                "normalize",
                f"{network.label}: import of {len(files)} recorded files, {responses} responses: {read} "
                f"mentions, {imported} new, {held} quarantined, {sum(bool(r.error) for r in reports)} "
                "files unreadable",
                timer.seconds,
                "s",
            )
        engine.dispose()

"""The real-process fault campaign: hub processes, a faulty proxy, workstation processes, and a checker.

``python -m tests.faults.campaign --seed 7 --duration 40 --workstations 3 --db sqlite``
(``--db postgresql`` needs ``HORSESHOE_TEST_PG``; it runs two hub processes on one database).

The runner builds a fresh hub database with a supervisor and agents, starts ``horseshoe-hub serve``
(the first hub replays the demo channel, so new mentions keep arriving), the loopback proxy in front
of the hub(s), and K headless workstations behind it. Then, on a schedule drawn from the seed and
printed before it starts, it kills workstations with SIGKILL and restarts them on the same cache,
kills hubs with SIGKILL and restarts them, restarts them cleanly, backs the database up while it is
in use, restores an older backup into place (the runbook's way), cuts every connection, refuses
connections for a while and raises the proxy's fault rates for a while. Throughout, the proxy
cuts a few requests and responses halfway, stalls a few chunks and delivers a few pushes a second
time, late, to the other hub.

At the end it heals the network, stops the demo feed, lets every workstation drain its outbox and
pull to the hub's head, and runs :mod:`tests.faults.checker`. It prints the counts and the
violations (which must be 0) and exits 1 if there are any. The same seed gives the same schedule
and the same fault draws; only the timing of processes differs from run to run.
"""

import argparse
import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from tests.faults import checker
from tests.faults.proxy import Faults, Proxy

log = logging.getLogger("campaign")

PASSWORD = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[2]
BASE_FAULTS = Faults(
    cut_request=0.01, cut_response=0.02, stall=0.005, stall_seconds=(0.2, 2.0), duplicate=0.03
)
BURST_FAULTS = Faults(
    cut_request=0.08, cut_response=0.15, stall=0.03, stall_seconds=(0.5, 6.0), duplicate=0.1
)
LEASE_MINUTES = 0.08  # ~5 s: leases expire during a short run, so expiry is exercised as well as takeover

ACTIONS = (
    ("kill_workstation", 24),
    ("kill_hub", 12),
    ("restart_hub", 6),
    ("backup", 8),
    ("restore", 6),
    ("cut_all", 14),
    ("refuse", 6),
    ("burst", 8),
)


@dataclass(frozen=True)
class Step:
    at: float  # seconds after the start of the chaos
    action: str
    target: int  # which workstation or hub; for a restore, which backup (modulo how many exist)
    arg: float  # a restart delay or a window length, in seconds


def schedule(seed: int, duration: float, workstations: int, hubs: int) -> list[Step]:
    rng = random.Random(f"schedule:{seed}")
    names, weights = zip(*ACTIONS, strict=True)
    steps, at = [], 1.0
    while True:
        at += rng.expovariate(1 / 1.6)
        if at > duration:
            return steps
        action = rng.choices(names, weights)[0]
        target = rng.randrange(workstations if action == "kill_workstation" else max(hubs, 8))
        if action in ("kill_hub", "restart_hub"):
            target %= hubs
        arg = round(rng.uniform(0.2, 2.5) if action != "refuse" else rng.uniform(0.5, 3.0), 2)
        steps.append(Step(round(at, 2), action, target, arg))


# --- processes -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Hub:
    def __init__(self, index: int, url: str, out: Path, demo: bool, seed: int = 1):
        self.index, self.url, self.out, self.demo, self.seed = index, url, out, demo, seed
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.busy = asyncio.Lock()  # held from a kill or stop until the hub serves again

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def start(self, demo: bool | None = None) -> None:
        self.spawn(self.demo if demo is None else demo)
        await self.ready()

    def spawn(self, demo: bool) -> None:
        command = [sys.executable, "-m", "console.hub.cli", "serve", "--db", self.url]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        if demo:
            command += ["--demo", "--demo-rate", "90"]
        env = os.environ | {
            "HORSESHOE_HUB_CLAIM_LEASE_MINUTES": str(LEASE_MINUTES),
            "HORSESHOE_HUB_PUBLISH_LEASE_S": str(checker.PUBLISH_LEASE_S),
            # The demo network misbehaves too: refusals, and answers lost before or after the post.
            "HORSESHOE_HUB_DEMO_PUBLISH_FAILURE_RATE": "0.1",
            "HORSESHOE_HUB_DEMO_PUBLISH_UNCERTAIN_RATE": "0.2",
            "HORSESHOE_HUB_DEMO_PUBLISH_SEED": str(self.seed),
        }
        with open(self.out / f"hub{self.index}.log", "a") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        self.starts += 1

    async def ready(self, within: float = 60.0) -> dict:
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2.0) as client:
            while True:
                if not self.running:
                    raise RuntimeError(f"hub {self.index} exited with {self.process.returncode}; see its log")
                with contextlib.suppress(httpx.HTTPError):
                    response = await client.get(f"http://127.0.0.1:{self.port}/health")
                    if response.status_code == 200:
                        return response.json()
                if time.monotonic() > deadline:
                    raise RuntimeError(f"hub {self.index} did not answer in {within} s")
                await asyncio.sleep(0.1)

    def kill(self) -> None:
        if self.running:
            self.process.kill()
            self.process.wait()

    async def stop(self) -> None:
        if self.running:
            self.process.terminate()
            try:
                await asyncio.to_thread(self.process.wait, 15)
            except subprocess.TimeoutExpired:
                self.kill()


class Desk:
    """One workstation: its cache outlives every process that runs it."""

    def __init__(self, index: int, username: str, out: Path, hub_url: str, seed: int):
        self.index, self.username, self.out, self.hub_url, self.seed = index, username, out, hub_url, seed
        self.name = f"ws{index}"
        self.cache = out / f"{self.name}.sqlite"
        self.incarnation = -1
        self.process: subprocess.Popen | None = None
        self.restarting = False

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def status_path(self, incarnation: int | None = None) -> Path:
        return self.out / f"{self.name}.{self.incarnation if incarnation is None else incarnation}.json"

    def start(self) -> None:
        self.incarnation += 1
        command = [sys.executable, "-m", "tests.faults.workstation", "--hub", self.hub_url]
        command += ["--cache", str(self.cache), "--status", str(self.status_path()), "--name", self.name]
        command += ["--username", self.username, "--password", PASSWORD, "--seed", str(self.seed)]
        command += ["--incarnation", str(self.incarnation)]
        with open(self.out / f"{self.name}.log", "a") as output:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        if self.running:
            self.process.kill()
            self.process.wait()

    def status(self) -> dict:
        try:
            return json.loads(self.status_path().read_text())
        except (OSError, ValueError):
            return {}

    def all_statuses(self) -> list[dict]:
        found = []
        for n in range(self.incarnation + 1):
            with contextlib.suppress(OSError, ValueError):
                found.append(json.loads(self.status_path(n).read_text()))
        return found


# --- the hub's database --------------------------------------------------------------------------


class Store:
    """The hub database and its backups, on SQLite or PostgreSQL."""

    def __init__(self, kind: str, out: Path, seed: int):
        self.kind, self.out = kind, out
        self.backups: list[Path] = []
        # The backups the live database descends from: restoring one of them takes it back along its
        # own history. (Restoring any other — one from a history an earlier restore abandoned —
        # is --any-backup; see the README's note on it.)
        self.lineage: list[Path] = []
        self.busy = asyncio.Lock()  # a backup never reads a database being put back
        if kind == "sqlite":
            self.path = out / "hub.sqlite"
            self.url = f"sqlite:///{self.path}"
        else:
            dsn = os.environ.get("HORSESHOE_TEST_PG")
            if not dsn:
                raise SystemExit("--db postgresql needs HORSESHOE_TEST_PG=postgresql://user@host:port/db")
            base = make_url(dsn).set(drivername="postgresql")
            self.name = f"horseshoe_faults_{seed}_{uuid.uuid4().hex[:8]}"
            self.admin = base.render_as_string(hide_password=False)
            self.url = base.set(database=self.name).render_as_string(hide_password=False)

    def create(self) -> None:
        if self.kind == "postgresql":
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.kind == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def backup(self) -> Path:
        """A consistent copy taken while the hubs keep writing."""
        number = len(self.backups)
        if self.kind == "sqlite":  # the runbook's way: a copy the hub will recognise when put back
            target = self.out / f"backup-{number}.sqlite"
            command = [sys.executable, "-m", "console.hub.cli", "backup", "--db", self.url, str(target)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"horseshoe-hub backup failed: {done.stderr.strip()}")
        else:
            target = self.out / f"backup-{number}.dump"
            subprocess.run(["pg_dump", "-Fc", "-f", str(target), "-d", self.url], check=True)
        self.backups.append(target)
        self.lineage.append(target)
        return target

    def restore(self, backup: Path) -> None:
        """Put ``backup`` in place of the database; every hub is down."""
        if backup in self.lineage:
            self.lineage = self.lineage[: self.lineage.index(backup) + 1]
        else:
            self.lineage = [backup]
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(backup, self.path)
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')
            subprocess.run(["pg_restore", "--no-owner", "-d", self.url, str(backup)], check=True)

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(statement)


def prepare_hub(url: str, workstations: int) -> list[str]:
    """Schema, a supervisor and agents; returns the usernames, one per workstation."""
    from console.domain.agent import Role
    from console.hub import auth, migrate
    from console.hub.database import create_hub_engine

    engine = create_hub_engine(url)
    try:
        migrate.upgrade(engine)
        names = []
        for n in range(workstations):
            role = Role.SUPERVISOR if n == 0 else Role.AGENT
            username = "sup" if n == 0 else f"agent{n}"
            auth.add_user(engine, username, PASSWORD, role, team_names=["Support"])
            names.append(username)
        return names
    finally:
        engine.dispose()


# --- the campaign --------------------------------------------------------------------------------


class Campaign:
    def __init__(self, args, out: Path):
        self.args, self.out = args, out
        self.hub_count = 2 if args.db == "postgresql" and args.hubs is None else (args.hubs or 1)
        self.steps = schedule(args.seed, args.duration, args.workstations, self.hub_count)
        self.rng = random.Random(f"runner:{args.seed}")
        self.store = Store(args.db, out, args.seed)
        self.hubs = [Hub(n, self.store.url, out, n == 0, args.seed) for n in range(self.hub_count)]
        self.proxy = Proxy([("127.0.0.1", hub.port) for hub in self.hubs], args.seed, _copy(BASE_FAULTS))
        self.desks: list[Desk] = []
        self.counts: Counter = Counter()
        self.tasks: set[asyncio.Task] = set()
        self.started = 0.0

    def say(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:7.2f}s] {message}", flush=True)

    async def run(self) -> dict:
        self.started = time.monotonic()
        self.say(
            f"seed {self.args.seed}: {len(self.steps)} steps on {self.args.db} with {self.hub_count} hub(s)"
        )
        for step in self.steps:
            print(f"    {step.at:6.2f}s {step.action} target={step.target} arg={step.arg}", flush=True)
        self.store.create()
        try:
            usernames = prepare_hub(self.store.url, self.args.workstations)
            await asyncio.gather(*(hub.start() for hub in self.hubs))
            await self._wait_for_cases()
            port = await self.proxy.start()
            self.desks = [
                Desk(n, name, self.out, f"http://127.0.0.1:{port}", self.args.seed)
                for n, name in enumerate(usernames)
            ]
            for desk in self.desks:
                desk.start()
            self.say(f"{len(self.desks)} workstations behind the proxy on port {port}; chaos begins")
            await self._chaos()
            await self._quiesce()
            report = await asyncio.to_thread(
                checker.check, self.store.url, {d.name: d.cache for d in self.desks}
            )
            return self._summary(report)
        finally:
            for desk in self.desks:
                desk.kill()
            for hub in self.hubs:
                hub.kill()
            await self.proxy.stop()
            if not self.args.keep:
                self.store.drop()

    async def _wait_for_cases(self) -> None:
        """The demo feed's backfill: the workstations need cases to work on."""
        deadline = time.monotonic() + 60
        while (await self.hubs[0].ready()).get("head", 0) < 60:
            if time.monotonic() > deadline:
                raise RuntimeError("the demo feed did not fill the hub")
            await asyncio.sleep(0.2)

    async def _chaos(self) -> None:
        begin = time.monotonic()
        for step in self.steps:
            delay = begin + step.at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            await getattr(self, f"_{step.action}")(step)
        remaining = begin + self.args.duration - time.monotonic()
        if remaining > 0:
            await asyncio.sleep(remaining)

    def _later(self, delay: float, work, cancellable: bool = False) -> None:
        """Run ``work`` after ``delay`` while the schedule goes on; at the end, a cancellable one is
        dropped (the runner does at once what it would have done), the others are waited for."""

        async def run():
            await asyncio.sleep(delay)
            await work()

        task = asyncio.create_task(run())
        task.cancellable = cancellable
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # --- the actions ---

    async def _kill_workstation(self, step: Step) -> None:
        desk = self.desks[step.target]
        if desk.restarting or not desk.running:
            return
        desk.restarting = True
        mid_push = await self._when_pushing(
            desk.status().get("workstation_id", "?").encode(), None, desk.kill
        )
        self.counts["workstation_kills" + ("_mid_push" if mid_push else "")] += 1
        self.say(
            f"kill -9 {desk.name} #{desk.incarnation}{' mid-push' if mid_push else ''}; back in {step.arg} s"
        )

        async def restart():
            desk.start()
            desk.restarting = False
            self.counts["workstation_restarts"] += 1

        self._later(step.arg, restart, cancellable=True)

    async def _kill_hub(self, step: Step) -> None:
        hub = self.hubs[step.target]
        if hub.busy.locked() or not hub.running:
            return
        await hub.busy.acquire()
        mid_push = await self._when_pushing(b"", step.target, hub.kill)
        self.counts["hub_kills" + ("_mid_push" if mid_push else "")] += 1
        self.say(f"kill -9 hub{hub.index}{' mid-push' if mid_push else ''}; restart in {step.arg} s")

        async def restart():
            try:
                await hub.start()
                self.counts["hub_restarts"] += 1
            finally:
                hub.busy.release()

        self._later(step.arg, restart)

    async def _when_pushing(self, needle: bytes, upstream: int | None, kill, within: float = 3.0) -> bool:
        """Run ``kill`` a few milliseconds after the next push that carries mutations (from the
        workstation whose id is ``needle``, or to hub ``upstream``) passes the proxy: the kill then
        lands while the hub applies it or the workstation waits for the answer. Returns whether one
        came along within ``within`` seconds; if none did, kills anyway."""
        loop = asyncio.get_running_loop()
        fired = loop.create_future()
        delay = self.rng.uniform(0.0, 0.08)

        def watch(data: bytes, to: int) -> None:
            pushing = b'"mutations":[' in data and b'"mutations":[]' not in data
            if fired.done() or not pushing or needle not in data or upstream not in (None, to):
                return
            fired.set_result(True)
            loop.call_later(delay, kill)

        self.proxy.on_request = watch
        try:
            async with asyncio.timeout(within):
                await fired
            await asyncio.sleep(delay + 0.01)
            return True
        except TimeoutError:
            kill()
            return False
        finally:
            self.proxy.on_request = None

    async def _restart_hub(self, step: Step) -> None:
        hub = self.hubs[step.target]
        if hub.busy.locked() or not hub.running:
            return
        await hub.busy.acquire()
        self.say(f"clean restart of hub{hub.index}")

        async def restart():
            try:
                await hub.stop()
                await hub.start()
                self.counts["hub_clean_restarts"] += 1
            finally:
                hub.busy.release()

        self._later(0, restart)

    async def _backup(self, step: Step) -> None:
        async with self.store.busy:
            target = await asyncio.to_thread(self.store.backup)
        self.counts["backups"] += 1
        self.say(f"backup {target.name}")

    async def _restore(self, step: Step) -> None:
        choices = self.store.backups if self.args.any_backup else self.store.lineage
        if not choices:
            self.say("restore skipped: no backup yet")
            return
        backup = choices[step.target % len(choices)]

        async def restore():
            async with contextlib.AsyncExitStack() as stack:
                await stack.enter_async_context(self.store.busy)
                for hub in self.hubs:  # after any restart under way
                    await stack.enter_async_context(hub.busy)
                self.say(f"restore {backup.name}: every hub down, the older database put back, hubs started")
                for hub in self.hubs:
                    hub.kill()
                await asyncio.to_thread(self.store.restore, backup)
                await asyncio.gather(*(hub.start() for hub in self.hubs))
                self.counts["restores"] += 1

        self._later(0, restore)

    async def _cut_all(self, step: Step) -> None:
        cut = self.proxy.cut_all()
        self.counts["cut_all"] += 1
        self.say(f"cut all {cut} open connections")

    async def _refuse(self, step: Step) -> None:
        self.proxy.refuse_for(step.arg)
        self.counts["refusal_windows"] += 1
        self.say(f"refuse connections for {step.arg} s")

    async def _burst(self, step: Step) -> None:
        self.proxy.faults = _copy(BURST_FAULTS)
        self.counts["fault_bursts"] += 1
        self.say(f"fault burst for {step.arg * 2} s")

        async def calm():
            self.proxy.faults = _copy(BASE_FAULTS)

        self._later(step.arg * 2, calm, cancellable=True)

    # --- the end ---

    async def _quiesce(self) -> None:
        self.say("chaos over: healing the network, stopping the demo feed, draining")
        for task in list(self.tasks):
            if task.cancellable:
                task.cancel()
        await asyncio.gather(*list(self.tasks), return_exceptions=True)  # restarts and restores finish
        self.proxy.faults = Faults()
        self.proxy.refuse_for(0)
        for hub in self.hubs:
            if not hub.running:
                hub.spawn(hub.demo)
        await asyncio.gather(*(hub.ready() for hub in self.hubs))
        for desk in self.desks:
            if not desk.running:
                desk.start()
                self.counts["workstation_restarts"] += 1
        await self._wait_phase("running", self.args.settle)  # its signal handlers are in place by then
        for desk in self.desks:
            desk.process.send_signal(signal.SIGUSR1)
        await self._wait_phase("drained", self.args.settle)
        self.say("every outbox is empty: waiting for the publisher")
        # A reply a killed hub was sending waits out its publish lease before another takes it.
        await self._wait_published(self.args.settle + 2 * checker.PUBLISH_LEASE_S)
        # Without the demo feed nothing moves the head any more. With two hubs, the one that ran the
        # feed stays down (the proxy fails over); a single hub restarts without it.
        await asyncio.gather(*(hub.stop() for hub in self.hubs if hub.demo))
        serving = self.hubs if len(self.hubs) == 1 else [hub for hub in self.hubs if not hub.demo]
        for hub in serving:
            if not hub.running:
                hub.spawn(demo=False)
        await asyncio.gather(*(hub.ready() for hub in serving))
        self.say("every outbox is empty: pulling to the head")
        for desk in self.desks:
            desk.process.send_signal(signal.SIGTERM)
        await self._wait_phase("done", self.args.settle)
        for desk in self.desks:
            await asyncio.to_thread(desk.process.wait, 30)
        await asyncio.gather(*(hub.stop() for hub in self.hubs))
        await self.proxy.stop()
        self.say("quiet: checking")

    async def _wait_published(self, within: float) -> None:
        """Until no reply is queued or being sent: the publisher has settled every one."""
        from sqlalchemy import func, select

        from console.hub.database import create_hub_engine, reader
        from console.hub.schema import replies

        engine = create_hub_engine(self.store.url)
        query = select(func.count()).where(replies.c.status.in_(("queued", "sending")))
        deadline = time.monotonic() + within
        try:
            while True:
                with reader(engine).connect() as connection:
                    unsettled = connection.scalar(query)
                if not unsettled:
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{unsettled} replies still queued or sending")
                await asyncio.sleep(0.3)
        finally:
            engine.dispose()

    async def _wait_phase(self, phase: str, within: float) -> None:
        deadline = time.monotonic() + within
        while True:
            waiting = [d.name for d in self.desks if d.status().get("phase") != phase]
            if not waiting:
                return
            dead = [d.name for d in self.desks if not d.running and d.status().get("phase") != phase]
            if dead or time.monotonic() > deadline:
                raise RuntimeError(f"workstations {waiting} did not reach {phase!r} (dead: {dead})")
            await asyncio.sleep(0.2)

    def _summary(self, report: checker.Report) -> dict:
        desks = Counter()
        for desk in self.desks:
            for status in desk.all_statuses():
                for key in (
                    "created",
                    "answers",
                    "duplicate_answers",
                    "rejected",
                    "resent",
                    "sign_ins",
                    "resets",
                ):
                    desks[key] += status.get(key, 0)
        proxy = vars(self.proxy.counts)
        summary = {
            "seed": self.args.seed,
            "db": self.args.db,
            "hubs": self.hub_count,
            "workstations": self.args.workstations,
            "duration_s": self.args.duration,
            "wall_s": round(time.monotonic() - self.started, 1),
            "faults": dict(self.counts),
            "proxy": proxy,
            "workstation_counts": dict(desks),
            **report.as_json(),
            "total_violations": report.total_violations,
        }
        (self.out / "report.json").write_text(json.dumps(summary, indent=2))
        return summary


def _copy(faults: Faults) -> Faults:
    return dataclasses.replace(faults)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=40.0, help="seconds of chaos")
    parser.add_argument("--workstations", type=int, default=3)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--hubs", type=int, help="hub processes (default: 2 on PostgreSQL, 1 on SQLite)")
    parser.add_argument("--settle", type=float, default=120.0, help="longest wait for the drain (s)")
    parser.add_argument("--out", type=Path, help="keep logs, caches and the report here")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument(
        "--any-backup",
        action="store_true",
        help="restore any backup, even one from a history an earlier restore abandoned (a known gap)",
    )
    return parser.parse_args(argv)


async def campaign(args: argparse.Namespace) -> dict:
    out = args.out or Path(tempfile.mkdtemp(prefix=f"horseshoe-faults-{args.seed}-"))
    out.mkdir(parents=True, exist_ok=True)
    return await Campaign(args, out).run() | {"out": str(out)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    summary = asyncio.run(campaign(args))
    print(json.dumps(summary, indent=2))
    verdict = "PASSED" if summary["total_violations"] == 0 else "FAILED"
    violations = summary["total_violations"]
    print(f"fault campaign {verdict}: seed {args.seed}, {violations} violations; {summary['out']}")
    return 0 if summary["total_violations"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

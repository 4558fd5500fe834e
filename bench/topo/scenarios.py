"""The seven scenarios. Each runs a load, injects its fault, waits for the system to settle and
then asserts on the database and on the emulator's inboxes; each returns one table row."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from jinghutong.bulletins.delivery.sender import SEND_PATH
from jinghutong.notifications.templates import BULLETIN_TEMPLATE
from topo import world
from topo.clients import Tally, login, report_burst, uploads
from topo.stack import Stack

TOKEN_PATH = "/cgi-bin/stable_token"


@dataclass
class Row:
    scenario: str
    sent: int = 0
    acknowledged: int = 0
    stored: int = 0
    received: int = 0
    duplicates: int = 0
    s500: int = 0
    s503: int = 0
    resent: int = 0  # fan-outs: second sends WeChat's one-time quota refused (43101)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failures.append(what)

    @property
    def outcome(self) -> str:
        return "ok" if not self.failures else "FAIL: " + "; ".join(self.failures)


class Context:
    """The stack plus what the scenarios share: the village, the villagers' tokens."""

    def __init__(self, stack: Stack, village: str) -> None:
        self.stack = stack
        self.village = village
        self.n = world.audience_size(stack.db_url)
        villagers = world.query(
            stack.db_url,
            "SELECT id, openid FROM persons WHERE openid LIKE %s ORDER BY openid LIMIT 20",
            ("demo-villager-%",),
        )
        self.villagers = [
            (pid, asyncio.run(login(stack.base, stack.emulator, openid)))
            for pid, openid in villagers
        ]

    # -- the emulator ---------------------------------------------------------------------------
    def emulator(self) -> dict[str, Any]:
        return dict(httpx.get(self.stack.emulator + "/", timeout=60).json())

    def arm(self) -> None:
        """Empty inboxes; every audience phone holds one one-time quota, as after one tap."""
        e = self.stack.emulator
        httpx.delete(f"{e}/device/inboxes", timeout=60).raise_for_status()
        httpx.post(
            f"{e}/device/bulk-subscribe",
            json={"prefix": world.PREFIX, "count": self.n, "template_ids": [BULLETIN_TEMPLATE]},
            timeout=300,
        ).raise_for_status()

    def inboxes(self) -> tuple[int, int, int]:
        """(phones that received the bulletin, phones that received it twice, messages)."""
        boxes = self.emulator()["inboxes"]
        ours = [k for o, k in boxes.items() if o.startswith(world.PREFIX)]
        return sum(1 for k in ours if k), sum(1 for k in ours if k > 1), sum(ours)

    # -- a fan-out with a fault in the middle -------------------------------------------------
    def fanout(self, row: Row, fault: Callable[[str], None], timeout: float) -> None:
        url = self.stack.db_url
        for name in ("worker-1", "worker-2"):
            row.check(self.stack.ws.procs[name].alive, f"{name} had exited before the fan-out")
        self.arm()
        before = self.emulator()["calls"]
        bulletin = world.new_bulletin(url, self.village, row.scenario[:40])
        row.sent = self.n
        fault(bulletin)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _retry(lambda: world.pending_left(url, bulletin)):
            time.sleep(0.5)
        time.sleep(1.0)  # the last flushes
        counts = world.delivery_counts(url, bulletin)
        after = self.emulator()["calls"]
        row.stored = sum(counts.values())
        row.acknowledged = counts.get("sent", 0)
        row.received, row.duplicates, messages = self.inboxes()
        resent = after.get(SEND_PATH, 0) - before.get(SEND_PATH, 0) - messages
        row.notes.append(f"rows {counts}")
        row.resent = resent
        row.notes.append(f"second sends refused by WeChat's quota {resent}")
        row.check(counts.get("pending", 0) == 0, f"{counts.get('pending', 0)} still pending")
        row.check(row.stored == self.n, f"{row.stored} delivery rows for {self.n}")
        row.check(row.received == self.n, f"{self.n - row.received} lost")
        row.check(row.duplicates == 0, f"{row.duplicates} received twice")
        bad = {k: v for k, v in counts.items() if k not in ("sent", "refused", "pending")}
        row.check(not bad, f"rows ended {bad}")

    def wait_progress(self, bulletin: str, fraction: float, timeout: float = 300) -> None:
        want = int(self.n * fraction)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.n - _retry(lambda: world.pending_left(self.stack.db_url, bulletin)) >= want:
                return
            time.sleep(0.05)

    # -- reports -----------------------------------------------------------------------------
    def reports(self, n: int, tag: str) -> tuple[threading.Thread, dict[str, Tally]]:
        out: dict[str, Tally] = {}

        def run() -> None:
            out["tally"] = asyncio.run(
                report_burst(
                    self.stack.base, self.villagers, n, self.stack.profile.concurrency, tag
                )
            )

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread, out

    def check_reports(self, row: Row, tally: Tally, tag: str) -> None:
        row.sent, row.acknowledged = tally.sent, tally.acknowledged
        row.s500, row.s503 = tally.s500, tally.s503
        stored = world.query(
            self.stack.db_url,
            "SELECT id FROM cases WHERE text LIKE %s",
            (f"%（{tag}-%",),
        )
        per_report = world.query(
            self.stack.db_url,
            "SELECT text, count(*) FROM cases WHERE text LIKE %s GROUP BY text HAVING count(*) > 1",
            (f"%（{tag}-%",),
        )
        stored_ids = {r[0] for r in stored}
        row.stored = len(stored_ids)
        row.duplicates = sum(int(r[1]) - 1 for r in per_report)
        acked = set(tally.ids)
        row.notes.append(f"network errors {tally.network_errors}, answers {dict(tally.statuses)}")
        row.check(len(acked) == tally.acknowledged, "two acknowledgements named one case")
        row.check(acked <= stored_ids, f"{len(acked - stored_ids)} acknowledged but not stored")
        row.check(row.duplicates == 0, f"{row.duplicates} reports stored twice")
        row.check(row.stored == row.acknowledged, f"{row.stored - row.acknowledged} unacknowledged")
        row.check(tally.s500 == 0, f"{tally.s500} server errors")
        row.check(tally.missing_retry_after == 0, "503 without Retry-After")
        row.check(tally.gave_up == 0, f"{tally.gave_up} given up")


def _retry(fn: Callable[[], int]) -> int:
    """A count read while PostgreSQL may be restarting."""
    for _ in range(120):
        try:
            return fn()
        except Exception:
            time.sleep(0.5)
    return fn()


def _wait_tally(out: dict[str, Tally], thread: threading.Thread) -> Tally:
    thread.join(timeout=900)
    return out["tally"]


# -- 1 ----------------------------------------------------------------------------------------
def api_killed(ctx: Context) -> Row:
    row = Row("1 kill -9 an api mid-burst of reports")
    p = ctx.stack.profile
    tag = f"t1-{time.time_ns()}"
    thread, out = ctx.reports(p.reports, tag)
    time.sleep(0.2)
    deadline = time.monotonic() + 120
    while thread.is_alive() and time.monotonic() < deadline:
        n = _count_cases(ctx, tag)
        if n >= p.reports * 0.3:
            break
        time.sleep(0.05)
    ctx.stack.ws.procs["api-a"].signal(signal.SIGKILL)
    row.notes.append(f"api-a killed after {_count_cases(ctx, tag)} reports stored")
    tally = _wait_tally(out, thread)
    ctx.check_reports(row, tally, tag)
    ctx.stack.start_api("api-a")
    return row


def _count_cases(ctx: Context, tag: str) -> int:
    rows = world.query(
        ctx.stack.db_url, "SELECT count(*) FROM cases WHERE text LIKE %s", (f"%（{tag}-%",)
    )
    return int(rows[0][0])


# -- 2 ----------------------------------------------------------------------------------------
def worker_killed(ctx: Context) -> Row:
    row = Row("2 kill -9 a worker mid-fan-out")

    def fault(bulletin: str) -> None:
        ctx.wait_progress(bulletin, 0.3)
        ctx.stack.ws.procs["worker-1"].signal(signal.SIGKILL)

    ctx.fanout(row, fault, timeout=_fanout_timeout(ctx))
    ctx.stack.start_worker("worker-1")
    return row


def _fanout_timeout(ctx: Context) -> float:
    p = ctx.stack.profile
    return 60 + 3 * ctx.n / p.rate + 4 * p.lease + p.redis_outage


# -- 3 ----------------------------------------------------------------------------------------
def redis_stopped(ctx: Context) -> Row:
    row = Row(f"3 Redis stopped {ctx.stack.profile.redis_outage:.0f} s mid-fan-out")
    url = ctx.stack.db_url
    before = ctx.emulator()

    def fault(bulletin: str) -> None:
        ctx.wait_progress(bulletin, 0.2)
        t0, left0 = time.monotonic(), world.pending_left(url, bulletin)
        ctx.stack.stop("redis")
        time.sleep(ctx.stack.profile.redis_outage)
        t1, left1 = time.monotonic(), world.pending_left(url, bulletin)
        ctx.stack.start_redis()
        rate_during = (left0 - left1) / (t1 - t0)
        row.notes.append(f"sent during the outage {left0 - left1} ({rate_during:.0f}/s)")

    ctx.fanout(row, fault, timeout=_fanout_timeout(ctx))
    after = ctx.emulator()
    fetched = after["calls"].get(TOKEN_PATH, 0) - before["calls"].get(TOKEN_PATH, 0)
    forced = after.get("force_refreshes", 0) - before.get("force_refreshes", 0)
    row.notes.append(f"token fetches {fetched}, forced refreshes {forced}")
    row.check(forced == 0, f"{forced} forced token refreshes (processes invalidating each other)")
    row.check(fetched <= 4, f"{fetched} token fetches by 4 processes")
    return row


# -- 4 ----------------------------------------------------------------------------------------
def postgres_restarted(ctx: Context) -> Row:
    row = Row("4 PostgreSQL restarted (-m fast) under load")
    p = ctx.stack.profile
    tag = f"t4-{time.time_ns()}"
    holder: dict[str, Any] = {}

    def fault(bulletin: str) -> None:
        thread, out = ctx.reports(p.pg_reports, tag)
        holder["t"], holder["out"] = thread, out
        ctx.wait_progress(bulletin, 0.2)
        time.sleep(0.5)
        started = time.monotonic()
        assert ctx.stack.ws.postgres is not None
        ctx.stack.ws.postgres.restart_fast()
        row.notes.append(f"restart took {time.monotonic() - started:.1f} s")

    fan = Row(row.scenario)
    ctx.fanout(fan, fault, timeout=_fanout_timeout(ctx))
    tally = _wait_tally(holder["out"], holder["t"])
    ctx.check_reports(row, tally, tag)
    row.received, row.duplicates = fan.received, row.duplicates + fan.duplicates
    row.notes += [f"fan-out to {fan.sent}: " + ", ".join(fan.notes)]
    row.failures += [f"fan-out: {f}" for f in fan.failures]
    ready = [httpx.get(u + "/readyz", timeout=5).status_code for u in ctx.stack.api_urls()]
    row.check(ready == [200, 200], f"readyz after the restart {ready}")
    return row


# -- 5 ----------------------------------------------------------------------------------------
def s3_down(ctx: Context) -> Row:
    row = Row("5 S3 (moto) down during uploads")
    k = ctx.stack.profile.uploads
    person, token = ctx.villagers[0]
    url = ctx.stack.db_url
    count_sql = "SELECT count(*) FROM media WHERE owner_id = %s"
    rows_before = int(world.query(url, count_sql, (person,))[0][0])
    before = asyncio.run(uploads(ctx.stack.base, token, k, 0))
    ctx.stack.stop("moto")
    during = asyncio.run(uploads(ctx.stack.base, token, k, 100))
    ctx.stack.start_moto()
    after = asyncio.run(uploads(ctx.stack.base, token, k, 200))
    rows = int(world.query(url, count_sql, (person,))[0][0]) - rows_before
    row.sent = before.sent + during.sent + after.sent
    row.acknowledged = before.acknowledged + during.acknowledged + after.acknowledged
    row.stored = rows
    row.s500 = before.s500 + during.s500 + after.s500
    row.s503 = before.s503 + during.s503 + after.s503
    row.notes.append(
        f"before {dict(before.statuses)}, down {dict(during.statuses)}, back {dict(after.statuses)}"
    )
    ids = before.ids + during.ids + after.ids
    found = world.query(url, "SELECT count(*) FROM media WHERE id = ANY(%s)", (ids,))
    row.check(before.acknowledged == k and after.acknowledged == k, "uploads failed while S3 up")
    row.check(during.statuses.get(503, 0) == k, f"while down: {dict(during.statuses)}, not 503")
    row.check(during.missing_retry_after == 0, "503 without Retry-After")
    row.check(row.s500 == 0, f"{row.s500} server errors")
    row.check(rows == row.acknowledged, f"{rows} media rows for {row.acknowledged} uploads")
    row.check(int(found[0][0]) == len(ids), "an acknowledged upload has no row")
    return row


# -- 6 ----------------------------------------------------------------------------------------
def worker_hangs(ctx: Context) -> Row:
    row = Row("6 a worker hangs (SIGSTOP), SIGCONT later")
    p = ctx.stack.profile
    worker = ctx.stack.ws.procs["worker-1"]

    def fault(bulletin: str) -> None:
        ctx.wait_progress(bulletin, 0.3)
        worker.signal(signal.SIGSTOP)
        stopped = time.monotonic()
        deadline = stopped + 4 * p.lease + 3 * ctx.n / p.rate + 30
        while world.pending_left(ctx.stack.db_url, bulletin) and time.monotonic() < deadline:
            time.sleep(0.3)
        row.notes.append(f"the other worker finished {time.monotonic() - stopped:.0f} s later")
        row.check(
            world.pending_left(ctx.stack.db_url, bulletin) == 0,
            "the other worker did not take the hung worker's rows",
        )
        worker.signal(signal.SIGCONT)
        time.sleep(p.lease + 3)  # let the woken worker do whatever it would

    ctx.fanout(row, fault, timeout=_fanout_timeout(ctx))
    return row


# -- 7 ----------------------------------------------------------------------------------------
def clock_skew(ctx: Context) -> Row:
    skew = ctx.stack.profile.skew
    row = Row(f"7 one worker's clock {skew:+.0f} s off")
    ctx.stack.start_worker("worker-1", skew=skew)
    time.sleep(3)
    ctx.fanout(row, lambda _b: None, timeout=_fanout_timeout(ctx))
    # Nothing crashed here: a second send can only come from a lease taken too early.
    row.check(row.resent == 0, f"{row.resent} messages sent a second time")
    ctx.stack.start_worker("worker-1")
    return row


SCENARIOS: list[Callable[[Context], Row]] = [
    api_killed,
    worker_killed,
    redis_stopped,
    postgres_restarted,
    s3_down,
    worker_hangs,
    clock_skew,
]

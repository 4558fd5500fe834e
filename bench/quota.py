"""The day's WeChat budget at province scale, simulated over counts: a routine push to every
household (22 M) and a 风险提示 warning to the flood valleys (3 M), with WeChat's 10 M a day.

No messages are sent: the simulation walks the delivery loop's decisions batch by batch — due
rows claimed a batch at a time (bulletins.delivery.loop.BATCH), yesterday's waiting rows before
today's, priorities highest first; each batch's messages taken from the day's budget by the
real rule (integrations.wechat.quota.QuotaRule.take, the settings' defaults), the bulletin's
priority by the real classification (bulletin_priority), the day by the station's clock
(quota_day); messages that go leave at the rate limit (wechat.rate_per_second), those the
budget cannot carry wait for the next day (resume_at: a warning from midnight, the rest from
wechat.quota_resume_hour, 08:00). It prints, per scenario, how many
warning recipients were reached on day one against the optimum (all of them), and how many days
the rest took.

    python bench/quota.py
    python bench/quota.py --households 22000000 --warned 3000000 --budget 10000000"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from jinghutong.bulletins.delivery.loop import BATCH
from jinghutong.bulletins.delivery.repository import bulletin_priority
from jinghutong.core.clock import SHANGHAI
from jinghutong.core.config import WechatSettings
from jinghutong.integrations.wechat.quota import Priority, QuotaRule, quota_day, resume_at

RESUME_HOUR = WechatSettings().quota_resume_hour


@dataclass
class Push:
    name: str
    category: str
    recipients: int
    released: datetime
    pending: int = 0
    waiting: int = 0
    due_again: datetime | None = None
    sent_by_day: dict[str, int] = field(default_factory=dict)
    done_at: datetime | None = None

    @property
    def priority(self) -> Priority:
        return bulletin_priority(self.category)


def simulate(pushes: list[Push], rule: QuotaRule, rate: float, batch: int) -> None:
    """Claim, take, send or set aside, batch by batch, until every push is done."""
    spent: dict[str, list[int]] = {}
    now = min(p.released for p in pushes)
    for push in pushes:
        push.pending = push.recipients
    while any(p.pending or p.waiting for p in pushes):
        for push in pushes:  # waiting rows due again are claimable like pending ones
            if push.waiting and push.due_again is not None and push.due_again <= now:
                push.pending += push.waiting
                push.waiting, push.due_again = 0, None
        due = [p for p in pushes if p.released <= now and p.pending]
        if not due:
            upcoming = [p.released for p in pushes if p.released > now]
            upcoming += [p.due_again for p in pushes if p.waiting and p.due_again]
            now = min(upcoming)
            continue
        day = quota_day(now)
        counts = spent.setdefault(day, [0, 0, 0])
        room, went = batch, 0
        for push in sorted(due, key=lambda p: p.priority):  # the loop's claim order
            claimed = min(room, push.pending)
            if not claimed:
                break
            room -= claimed
            push.pending -= claimed
            granted = rule.take(push.priority, claimed, counts)
            counts[push.priority] += granted
            push.sent_by_day[day] = push.sent_by_day.get(day, 0) + granted
            went += granted
            if claimed > granted:
                push.waiting += claimed - granted
                push.due_again = resume_at(now, push.priority, RESUME_HOUR)
            if not push.pending and not push.waiting:
                push.done_at = now
        now += timedelta(seconds=went / rate if went else 0.05)  # a claim that sends nothing


def report(title: str, pushes: list[Push], optimum: int) -> None:
    print(f"\n{title}")
    first_day = quota_day(min(p.released for p in pushes))
    for push in pushes:
        days = sorted(push.sent_by_day)
        per_day = ", ".join(f"{d[5:]}: {push.sent_by_day[d]:,}" for d in days)
        last = quota_day(push.done_at) if push.done_at else "never"
        n_days = len({d for d in days if push.sent_by_day[d]})
        print(
            f"  {push.name} ({push.category}, {push.priority.name}, {push.recipients:,}): "
            f"{per_day} — done on {last}, {n_days} day(s)"
        )
    warning = next(p for p in pushes if p.priority == Priority.warning)
    reached = warning.sent_by_day.get(first_day, 0)
    print(
        f"  warning recipients reached on day one: {reached:,} of {optimum:,} "
        f"({reached / optimum:.0%} of the optimum)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=22_000_000)
    parser.add_argument("--warned", type=int, default=3_000_000)
    parser.add_argument("--budget", type=int, default=10_000_000)
    args = parser.parse_args()

    defaults = WechatSettings()
    settings = defaults.model_copy(update={"daily_quota": args.budget})
    rule = QuotaRule.from_settings(settings)
    flat = QuotaRule(args.budget, (0, 0))  # no priorities: one pool, first come first served
    rate, batch = float(settings.rate_per_second), BATCH["postgresql"]
    day = datetime(2026, 7, 6, tzinfo=SHANGHAI)
    print(
        f"budget {args.budget:,}/day, reserves {rule.reserves[0]:,} (warnings) and "
        f"{rule.reserves[1]:,} (progress); {rate:,.0f} messages/s; claims of {batch:,}"
    )

    def scenario(at_routine: int, at_warning: int, warned: int) -> list[Push]:
        return [
            Push("province push", "反诈宣传", args.households, day + timedelta(hours=at_routine)),
            Push("flood warning", "风险提示", warned, day + timedelta(hours=at_warning)),
        ]

    bigger = args.warned * 5 // 3
    for title, (at_routine, at_warning, warned), used in (
        ("A. both issued at 08:00", (8, 8, args.warned), rule),
        ("B. routine push at 08:00, the warning at 14:00", (8, 14, args.warned), rule),
        ("B without priorities (one pool, first come first served)", (8, 14, args.warned), flat),
        (f"C. as B, a warning to {bigger:,} (more than the reserve)", (8, 14, bigger), rule),
    ):
        pushes = scenario(at_routine, at_warning, warned)
        for push in pushes:
            push.released = push.released.astimezone(UTC)
        simulate(pushes, used, rate, batch)
        report(title, pushes, warned)


if __name__ == "__main__":
    main()

"""The station's scoring table (points/evaluation/rules.py) on its own: per-record points, caps,
the mean-scored 群众满意度, and a sheet that is always its base plus its items."""

from __future__ import annotations

import pytest

from jinghutong.points.evaluation.rules import BASE_SCORE, RULES, Evidence, Record, item, score


def _rule(key: str):
    return next(r for r in RULES if r.key == key)


def _records(n: int, kind: str = "visit", rating: int | None = None) -> list[Record]:
    return [Record(kind, f"id{i}", rating=rating) for i in range(n)]


def test_the_table_has_one_row_per_item_each_with_a_source_and_words():
    keys = [r.key for r in RULES]
    assert len(keys) == len(set(keys))
    assert all(r.name and r.counted for r in RULES)
    assert BASE_SCORE == 60


@pytest.mark.parametrize(
    ("key", "n", "points"),
    [("visits", 3, 1.5), ("visits", 20, 10), ("visits", 40, 10), ("errands", 9, 5),
     ("cases_late", 12, -12), ("duty_missed", 3, -6), ("caught_in_act", 2, 20)],
)  # fmt: skip
def test_points_per_record_up_to_the_cap(key, n, points):
    line = item(_rule(key), _records(n))
    assert (line["count"], line["points"], len(line["records"])) == (n, points, n)


@pytest.mark.parametrize(
    ("ratings", "points"),
    [([5, 5, 4], 5), ([5, 4, 4, 5], 5), ([4, 4, 5], 0), ([3, 3, 3], 0), ([3, 3, 2], -5),
     ([1, 1], 0), ([], 0)],
)  # fmt: skip
def test_satisfaction_is_scored_on_the_mean_of_at_least_three_ratings(ratings, points):
    records = [Record("case", f"c{i}", rating=r) for i, r in enumerate(ratings)]
    assert item(_rule("satisfaction"), records)["points"] == points


def test_a_sheet_is_its_base_plus_its_items():
    evidence = Evidence({"visits": _records(5), "missed_shifts": _records(1, "duty_shift")})
    total, items = score(evidence)
    assert total == 60 + 2.5 - 2
    assert [i["item"] for i in items] == [r.key for r in RULES]
    assert total == BASE_SCORE + sum(i["points"] for i in items)

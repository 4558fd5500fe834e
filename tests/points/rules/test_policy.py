"""The one policy of what points are given for (points.rules.policy), checked directly."""

from __future__ import annotations

import pytest

from jinghutong.points.rules.policy import (
    AWARDABLE,
    DeductionRefused,
    ProtectedSource,
    RuleRefused,
    check_manual_entry,
    check_rule,
)


def test_every_awardable_kind_with_positive_points_passes():
    for kind in AWARDABLE:
        check_rule(0, kind, 1)


@pytest.mark.parametrize("kind", ["petition", "complaint", "manual", "redemption", "refund"])
def test_kinds_that_are_not_awardable_are_refused(kind):
    with pytest.raises(RuleRefused):
        check_rule(0, kind, 5)


def test_no_rule_deducts():
    with pytest.raises(RuleRefused):
        check_rule(0, "clue_valid", -30)


def test_a_deduction_needs_the_persons_own_report():
    check_manual_entry(-20, "case", True)
    for source, own in ((None, False), ("case", False)):
        with pytest.raises(DeductionRefused):
            check_manual_entry(-20, source, own)


@pytest.mark.parametrize("source", ["petition", "sentiment"])
def test_petitions_and_complaints_are_never_a_source(source):
    for points in (-20, 20):
        with pytest.raises(ProtectedSource):
            check_manual_entry(points, source, True)

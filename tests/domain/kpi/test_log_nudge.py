"""Which manual KPIs the end-of-day nudge names: targeted, manual and not logged."""

from __future__ import annotations

from bot.domain.kpi.metrics import Metric
from bot.domain.kpi.nudge import MANUAL, missing_logs


def test_only_targeted_manual_metrics_not_logged_are_missing() -> None:
    assert Metric.NEW_FOLLOWERS in MANUAL and Metric.MENTIONS not in MANUAL
    assert missing_logs([Metric.NEW_FOLLOWERS], []) == (Metric.NEW_FOLLOWERS,)
    assert missing_logs([Metric.NEW_FOLLOWERS], [Metric.NEW_FOLLOWERS]) == ()
    assert missing_logs([], []) == ()  # no target: nobody asked to be reminded
    assert missing_logs([Metric.MENTIONS, Metric.SHARES], []) == ()  # the roll-ups fill these

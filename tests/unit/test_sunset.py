"""The sunset rule: answer before close of business, or the next business morning
when the complaint arrives after the cut-off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.services.sunset import BusinessHours, due_for, is_overdue

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAYS = frozenset({0, 1, 2, 3, 4})
EVERY_DAY = frozenset(range(7))


def hours(timezone: str = "Asia/Shanghai", days: frozenset[int] = EVERY_DAY) -> BusinessHours:
    return BusinessHours(
        timezone=timezone,
        close=time(18),
        cutoff=time(16),
        next_morning_by=time(10),
        business_days=days,
    )


def local(day: date, hour: int, minute: int = 0, tz: ZoneInfo = SHANGHAI) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


MONDAY, FRIDAY, SATURDAY = date(2026, 11, 23), date(2026, 11, 27), date(2026, 11, 28)


def test_before_cutoff_is_due_at_close_the_same_day() -> None:
    due = due_for(local(MONDAY, 15, 59), hours())
    assert due.at == local(MONDAY, 18) and due.today is True


def test_at_the_cutoff_is_due_the_next_morning() -> None:
    due = due_for(local(MONDAY, 16), hours())
    assert due.at == local(MONDAY + timedelta(days=1), 10) and due.today is False


def test_after_cutoff_is_due_the_next_morning() -> None:
    due = due_for(local(MONDAY, 21, 30), hours())
    assert due.at == local(MONDAY + timedelta(days=1), 10)


def test_after_cutoff_on_friday_skips_the_weekend_when_it_is_not_a_business_day() -> None:
    due = due_for(local(FRIDAY, 17), hours(days=WEEKDAYS))
    assert due.at == local(FRIDAY + timedelta(days=3), 10)
    assert due.at.weekday() == 0


def test_weekend_morning_is_due_monday_when_weekends_are_closed() -> None:
    due = due_for(local(SATURDAY, 9), hours(days=WEEKDAYS))
    assert due.at == local(SATURDAY + timedelta(days=2), 10) and due.today is False


def test_weekend_morning_is_due_the_same_day_when_every_day_is_a_business_day() -> None:
    due = due_for(local(SATURDAY, 9), hours())
    assert due.at == local(SATURDAY, 18) and due.today is True


def test_utc_time_is_judged_in_the_business_time_zone() -> None:
    # 07:59 UTC is 15:59 in Shanghai (before the cut-off); 08:00 UTC is 16:00 (after).
    before = due_for(datetime(2026, 11, 23, 7, 59, tzinfo=UTC), hours())
    after = due_for(datetime(2026, 11, 23, 8, 0, tzinfo=UTC), hours())
    assert before.at == local(MONDAY, 18)
    assert after.at == local(MONDAY + timedelta(days=1), 10)


def test_late_evening_utc_is_already_the_next_day_in_shanghai() -> None:
    due = due_for(datetime(2026, 11, 22, 23, 0, tzinfo=UTC), hours())  # Mon 07:00 in Shanghai
    assert due.at == local(MONDAY, 18) and due.today is True


def test_due_time_is_given_in_the_business_time_zone() -> None:
    due = due_for(datetime(2026, 11, 23, 1, 0, tzinfo=UTC), hours())
    assert due.at.tzinfo == SHANGHAI
    assert due.at.astimezone(UTC) == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_dst_free_zone_keeps_the_same_offset_all_year() -> None:
    march = due_for(local(date(2026, 3, 29), 9), hours()).at
    november = due_for(local(MONDAY, 9), hours()).at
    assert march.utcoffset() == november.utcoffset() == timedelta(hours=8)
    assert march.astimezone(UTC).time() == november.astimezone(UTC).time() == time(10)


def test_dst_zone_keeps_the_wall_clock_across_the_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")  # clocks go forward on Sunday 29 March 2026
    due = due_for(local(date(2026, 3, 28), 17, tz=berlin), hours("Europe/Berlin"))
    assert due.at.replace(tzinfo=None) == datetime(2026, 3, 29, 10)
    assert due.at.utcoffset() == timedelta(hours=2)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_for(datetime(2026, 11, 23, 9), hours())


def test_no_business_days_is_refused() -> None:
    with pytest.raises(ValueError, match="business_days"):
        due_for(local(MONDAY, 17), hours(days=frozenset()))


def test_overdue_only_after_the_due_time() -> None:
    due = local(MONDAY, 18)
    assert not is_overdue(due, due)
    assert is_overdue(due, due + timedelta(seconds=1))

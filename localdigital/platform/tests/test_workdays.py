from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from localdigital.platform import workdays

LONDON = ZoneInfo("Europe/London")


def test_weekends_are_not_working_days():
    friday = date(2026, 11, 20)

    assert workdays.working_days_between(friday, date(2026, 11, 23)) == 1  # Monday
    assert workdays.working_days_between(friday, date(2026, 11, 25)) == 3
    assert workdays.working_days_between(friday, friday) == 0
    assert workdays.working_days_between(date(2026, 11, 25), friday) == 0


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern-ireland"])
def test_christmas_and_boxing_day_in_every_nation(nation):
    # Christmas Day 2026 is a Friday and Boxing Day a Saturday, so its holiday moves to Monday 28th.
    christmas_eve = date(2026, 12, 24)

    assert workdays.bank_holiday(date(2026, 12, 25), nation) == "Christmas Day"
    assert not workdays.is_working_day(date(2026, 12, 28), nation)
    assert workdays.working_days_between(christmas_eve, date(2026, 12, 29), nation) == 1
    assert workdays.add_working_days(christmas_eve, 3, nation) == date(2026, 12, 31)


def test_easter_monday_is_a_bank_holiday_everywhere_but_scotland():
    maundy_thursday = date(2026, 4, 2)

    for nation in ("england", "wales", "northern-ireland"):
        assert workdays.add_working_days(maundy_thursday, 1, nation) == date(2026, 4, 7)
    assert workdays.bank_holiday(date(2026, 4, 3), "scotland") == "Good Friday"
    assert workdays.add_working_days(maundy_thursday, 1, "scotland") == date(2026, 4, 6)


def test_scotland_has_the_second_of_january():
    hogmanay, monday = date(2025, 12, 31), date(2026, 1, 5)

    assert workdays.working_days_between(hogmanay, monday, "england") == 2  # Friday 2nd and Monday 5th
    assert workdays.working_days_between(hogmanay, monday, "scotland") == 1
    assert workdays.is_working_day(date(2026, 1, 2), "wales")


def test_st_andrews_day_in_scotland():
    friday, tuesday = date(2026, 11, 27), date(2026, 12, 1)

    assert workdays.bank_holiday(date(2026, 11, 30), "scotland") == "Saint Andrew's Day"
    assert workdays.working_days_between(friday, tuesday, "scotland") == 1
    assert workdays.working_days_between(friday, tuesday, "england") == 2


def test_st_patricks_day_in_northern_ireland():
    monday, wednesday = date(2026, 3, 16), date(2026, 3, 18)

    assert workdays.bank_holiday(date(2026, 3, 17), "northern-ireland") == "Saint Patrick's Day"
    assert workdays.working_days_between(monday, wednesday, "northern-ireland") == 1
    assert workdays.working_days_between(monday, wednesday, "scotland") == 2


def test_england_when_the_nation_is_not_known():
    friday, tuesday = date(2026, 11, 27), date(2026, 12, 1)

    assert workdays.working_days_between(friday, tuesday) == 2
    assert workdays.working_days_between(friday, tuesday, "") == 2


def test_times_count_by_their_day():
    evening = datetime(2026, 11, 27, 23, 30, tzinfo=LONDON)

    assert workdays.working_days_between(evening, datetime(2026, 12, 1, 0, 5, tzinfo=LONDON), "scotland") == 1
    assert workdays.add_working_days(evening, 3, "scotland") == date(2026, 12, 3)

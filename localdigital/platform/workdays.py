"""Working days: Monday to Friday, less the bank holidays of the UK nation concerned.

Every working-day figure in the service (the programme team's 3-working-day review target, how old a
submission is, when an answer is due) is counted here. The bank holidays come from the `holidays`
package's tables, installed with the service: nothing is fetched at run time. A nation is named by the
organisation register's value ("england", "scotland", "wales", "northern-ireland"); anything else counts as
England's.
"""

from datetime import date, datetime, timedelta
from functools import cache

import holidays

ENGLAND = "england"
# The register's nations, as the `holidays` package names the UK's subdivisions.
SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}


@cache
def _bank_holidays(nation: str) -> holidays.HolidayBase:
    # The table fills in each year as it is first asked about.
    return holidays.UnitedKingdom(subdiv=SUBDIVISIONS.get(nation, SUBDIVISIONS[ENGLAND]))


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def bank_holiday(day: date | datetime, nation: str = ENGLAND) -> str | None:
    """The name of the bank holiday on `day` in `nation`, or None."""
    return _bank_holidays(nation).get(_day(day))


def is_working_day(day: date | datetime, nation: str = ENGLAND) -> bool:
    day = _day(day)
    return day.weekday() < 5 and bank_holiday(day, nation) is None


def working_days_between(start: date | datetime, end: date | datetime, nation: str = ENGLAND) -> int:
    """Whole working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    day, end_day = _day(start), _day(end)
    days = 0
    while day < end_day:
        day += timedelta(days=1)
        days += is_working_day(day, nation)
    return days


def add_working_days(start: date | datetime, days: int, nation: str = ENGLAND) -> date:
    """The day `days` working days after `start`: when an answer promised within that many is due."""
    day = _day(start)
    while days > 0:
        day += timedelta(days=1)
        days -= is_working_day(day, nation)
    return day

from datetime import UTC, date, datetime

import pytest

from ngoreg.law.periods import add, day_of, days, last_day, months, subtract, years

D = date


@pytest.mark.parametrize(
    ("start", "period", "nominal"),
    [
        (D(2017, 3, 2), years(1), D(2018, 3, 2)),  # art. 201: counting starts the next day
        (D(2020, 2, 29), years(1), D(2021, 2, 28)),  # art. 202: no corresponding day → last day of month
        (D(2017, 1, 31), months(1), D(2017, 2, 28)),
        (D(2016, 1, 31), months(1), D(2016, 2, 29)),
        (D(2017, 11, 30), months(3), D(2018, 2, 28)),
        (D(2017, 3, 1), days(30), D(2017, 3, 31)),
        (D(2017, 12, 31), days(1), D(2018, 1, 1)),
    ],
)
def test_nominal_last_day(start: date, period: object, nominal: date) -> None:
    assert add(start, period) == nominal  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "n", "last", "moved"),
    [
        (D(2024, 9, 20), 10, D(2024, 9, 30), False),  # a Monday, a working day
        (D(2024, 9, 21), 10, D(2024, 10, 8), True),  # National Day holiday 1–7 October 2024
        (D(2024, 10, 2), 10, D(2024, 10, 12), False),  # Saturday 12 October 2024 was a working day (调休)
        (D(2024, 3, 1), 15, D(2024, 3, 18), True),  # Saturday 16 March → Monday 18 March
    ],
)
def test_last_day_moves_off_rest_days(start: date, n: int, last: date, moved: bool) -> None:
    result = last_day(start, days(n))
    assert (result.day, result.moved, result.provisional) == (last, moved, False)


def test_years_without_a_holiday_arrangement_count_weekends_only_and_say_so() -> None:
    result = last_day(D(2099, 1, 1), days(2))  # 2099-01-03 is a Saturday
    assert result.day == D(2099, 1, 5)
    assert result.provisional


def test_backward_period_is_not_moved() -> None:
    assert subtract(D(2017, 3, 17), days(15)) == D(2017, 3, 2)


def test_the_day_of_a_moment_is_its_day_in_beijing_time() -> None:
    assert day_of(datetime(2026, 11, 22, 15, 59, 59, tzinfo=UTC)) == date(2026, 11, 22)
    assert day_of(datetime(2026, 11, 22, 16, 0, tzinfo=UTC)) == date(2026, 11, 23)  # midnight in China
    assert day_of(datetime(2026, 12, 31, 23, 0, tzinfo=UTC)) == date(2027, 1, 1)

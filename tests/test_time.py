"""Time-expression stage: finding and resolving dates in news text."""

from __future__ import annotations

import datetime
import time

import pytest

from sitrep.time import TimeExpression, find_time_expressions, parse_published

REF = datetime.date(2016, 6, 10)  # a Friday


def only(text: str, reference: datetime.date | None = REF) -> TimeExpression:
    """The single expression found in text."""
    found = find_time_expressions(text, reference)
    assert len(found) == 1, found
    return found[0]


def values(e: TimeExpression) -> tuple[str | None, str | None, str, bool]:
    return e.value_start, e.value_end, e.precision, e.relative


# --------------------------------------------------------------------------- absolute dates

@pytest.mark.parametrize("text, expected", [
    ("12 March 2024", "2024-03-12"),
    ("10th of June, 2016", "2016-06-10"),
    ("June 10 2016", "2016-06-10"),
    ("Sept. 11, 2001", "2001-09-11"),
    ("2016-06-10", "2016-06-10"),
    ("2016/06/10", "2016-06-10"),
])
def test_absolute_days(text: str, expected: str) -> None:
    e = only(text)
    assert (e.text, values(e)) == (text, (expected, None, "day", False))


def test_month_day_year_span_offsets() -> None:
    text = "DAMASCUS, June 10, 2016 (Reuters) - Fighting resumed."
    e = only(text)
    assert (e.start, e.end, e.text) == (10, 23, "June 10, 2016")
    assert values(e) == ("2016-06-10", None, "day", False)


def test_weekday_before_date_is_one_span() -> None:
    text = "On Tuesday, 12 March 2024 the strikes began."
    e = only(text)
    assert (e.start, e.end, e.text) == (3, 25, "Tuesday, 12 March 2024")
    assert e.value_start == "2024-03-12"


def test_slashed_day_month_dates_are_skipped() -> None:
    assert find_time_expressions("The report dated 10/06/2016 said", REF) == []


def test_impossible_day_falls_back_to_the_month() -> None:
    e = only("on 31 June 2016")
    assert (e.text, values(e)) == ("June 2016", ("2016-06", None, "month", False))


# ------------------------------------------------------------ day and month without a year

def test_day_month_takes_the_reference_year() -> None:
    e = only("The offensive began on 3 March.")
    assert (e.text, values(e)) == ("3 March", ("2016-03-03", None, "day", True))
    assert only("June 10").value_start == "2016-06-10"


def test_day_month_far_ahead_of_reference_is_last_year() -> None:
    # News reports the past: a December date read in June is last December.
    assert only("on 20 December").value_start == "2015-12-20"


def test_lowercase_may_is_not_a_month() -> None:
    assert find_time_expressions("troops may 5 times retreat, they may advance", REF) == []
    assert only("on 5 May").value_start == "2016-05-05"


# --------------------------------------------------------------------------- months

def test_month_year_with_modifier() -> None:
    e = only("Fighting peaked in mid-June 2016.")
    assert (e.text, values(e)) == ("mid-June 2016", ("2016-06", None, "month", False))


@pytest.mark.parametrize("text, expected", [
    ("in June", "2016-06"),      # the reference month itself
    ("in July", "2015-07"),      # not after the reference month: last year's July
    ("last June", "2015-06"),    # "last" excludes the reference month
    ("June last year", "2015-06"),
])
def test_month_alone_resolves_backwards(text: str, expected: str) -> None:
    assert values(only(text)) == (expected, None, "month", True)


def test_month_name_without_cue_is_not_a_date() -> None:
    assert find_time_expressions("June Smith said", REF) == []


# --------------------------------------------------------------------------- years, ranges, decades

def test_year_after_preposition() -> None:
    text = "Iraq's President Sadam Hussein in 2003"
    e = only(text)
    assert (e.start, e.end, e.text) == (34, 38, "2003")
    assert values(e) == ("2003", None, "year", False)


@pytest.mark.parametrize("text, span", [
    ("in 2003-2007", "2003-2007"),
    ("in 2003–2007", "2003–2007"),
    ("from 2003 to 2007", "from 2003 to 2007"),
    ("between 2003 and 2007", "between 2003 and 2007"),
])
def test_year_ranges(text: str, span: str) -> None:
    e = only(text)
    assert (e.text, values(e)) == (span, ("2003", "2007", "year", False))


@pytest.mark.parametrize("text", ["2,000 fighters", "2016 people", "1500 fighters",
                                  "the 2000 fighters", "killed 2016 civilians"])
def test_counts_are_not_years(text: str) -> None:
    assert find_time_expressions(text, REF) == []


def test_year_before_punctuation() -> None:
    e = only("He was elected in Ohio, 2016.")
    assert (e.text, e.value_start, e.precision) == ("2016", "2016", "year")


def test_decade() -> None:
    e = only("the 1990s")
    assert (e.text, values(e)) == ("1990s", ("1990", "1999", "decade", False))
    assert only("in the late 1990s").text == "late 1990s"


def test_until_end_of_year_is_open_ended() -> None:
    e = only("by the end of 2017")
    assert (e.text, values(e)) == ("by the end of 2017", (None, "2017", "year", False))


# --------------------------------------------------------------------------- seasons

def test_season_year() -> None:
    assert values(only("winter 2017")) == ("2016-12", "2017-02", "season", False)
    assert values(only("summer of 2015")) == ("2015-06", "2015-08", "season", False)
    assert values(only("winter 2016/17")) == ("2016-12", "2017-02", "season", False)


@pytest.mark.parametrize("text", ["until end of winter 2017", "until the end of winter 2017"])
def test_until_end_of_season(text: str) -> None:
    e = only(f"The siege is expected to last {text}.")
    assert (e.text, values(e)) == (text, (None, "2017-02", "season", False))


def test_relative_seasons() -> None:
    assert values(only("this spring")) == ("2016-03", "2016-05", "season", True)
    assert values(only("last winter")) == ("2015-12", "2016-02", "season", True)
    assert only("last summer").value_start == "2015-06"  # summer 2016 is not over yet
    assert only("this winter", datetime.date(2016, 11, 20)).value_start == "2016-12"


# ------------------------------------------------------------ relative days and periods

def test_on_weekday_is_the_most_recent_one() -> None:
    e = only("Rebels attacked on Thursday.")
    assert (e.text, values(e)) == ("Thursday", ("2016-06-09", None, "day", True))


def test_weekday_of_the_reference_is_the_reference() -> None:
    monday = datetime.date(2016, 6, 6)
    assert only("on Monday", monday).value_start == "2016-06-06"
    assert only("last Monday", monday).value_start == "2016-05-30"


@pytest.mark.parametrize("text, span, expected", [
    ("on Thursday morning", "Thursday morning", "2016-06-09"),
    ("Thursday night", "Thursday night", "2016-06-09"),
    ("last Thursday", "last Thursday", "2016-06-09"),
    ("next Tuesday", "next Tuesday", "2016-06-14"),
    ("today", "today", "2016-06-10"),
    ("yesterday", "yesterday", "2016-06-09"),
    ("the day before yesterday", "the day before yesterday", "2016-06-08"),
    ("tomorrow", "tomorrow", "2016-06-11"),
    ("two days ago", "two days ago", "2016-06-08"),
    ("3 days ago", "3 days ago", "2016-06-07"),
])
def test_relative_days(text: str, span: str, expected: str) -> None:
    e = only(text)
    assert (e.text, values(e)) == (span, (expected, None, "day", True))


@pytest.mark.parametrize("text, expected, precision", [
    ("earlier this week", "2016-06-06", "week"),
    ("last week", "2016-05-30", "week"),
    ("next week", "2016-06-13", "week"),
    ("this month", "2016-06", "month"),
    ("last month", "2016-05", "month"),
    ("earlier this month", "2016-06", "month"),
    ("next month", "2016-07", "month"),
    ("this year", "2016", "year"),
    ("last year", "2015", "year"),
    ("next year", "2017", "year"),
])
def test_relative_periods(text: str, expected: str, precision: str) -> None:
    e = only(text)
    assert (e.text, values(e)) == (text, (expected, None, precision, True))


def test_relative_without_reference_is_found_unresolved() -> None:
    found = find_time_expressions("on Thursday, last month, in June; 10 June 2016")
    assert [(e.text, e.value_start, e.relative) for e in found] == [
        ("Thursday", None, True), ("last month", None, True), ("June", None, True),
        ("10 June 2016", "2016-06-10", False)]


@pytest.mark.parametrize("text", ["ten years later", "for two years", "5 days later"])
def test_durations_are_not_expressions(text: str) -> None:
    assert find_time_expressions(f"The war went on {text}.", REF) == []


# --------------------------------------------------------------------------- whole texts

def test_article_sorted_non_overlapping_with_offsets() -> None:
    text = ("DAMASCUS, June 10, 2016 - Forces advanced on Thursday. More than 2,000 fighters have "
            "died since early 2016, and the offensive may last until the end of winter 2017.")
    found = find_time_expressions(text, REF)
    assert [e.text for e in found] == ["June 10, 2016", "Thursday", "early 2016",
                                       "until the end of winter 2017"]
    for e in found:
        assert text[e.start:e.end] == e.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_offsets_survive_characters_that_lowercase_longer() -> None:
    text = "İstanbul, 10 June 2016"  # "İ".lower() is two characters
    e = only(text)
    assert (e.start, e.text) == (10, "10 June 2016")


def test_speed() -> None:
    doc = ("KABUL, June 10, 2016 - Taliban fighters attacked a checkpoint on Thursday night, "
           "officials said, two days after 1500 families fled. The group has grown since 2014 "
           "and may hold the district until the end of winter 2017, a report said last month.")
    start = time.perf_counter()
    for _ in range(500):
        find_time_expressions(doc, REF)
    assert time.perf_counter() - start < 0.5  # 1,000 documents a second or better


# --------------------------------------------------------------------------- parse_published

@pytest.mark.parametrize("value", [
    "2016-06-10", "2016-06-10T08:30:00", "2016-06-10T08:30:00Z", "2016-06-10T23:30:00+02:00",
    "2016/06/10", "10 June 2016", "June 10, 2016", " June 10 2016 ",
    "Fri, 10 Jun 2016 08:30:00 +0000",
])
def test_parse_published(value: str) -> None:
    assert parse_published(value) == datetime.date(2016, 6, 10)


@pytest.mark.parametrize("value", ["", "yesterday", "10/06/2016", "2016-13-01", "31 June 2016"])
def test_parse_published_rejects(value: str) -> None:
    assert parse_published(value) is None

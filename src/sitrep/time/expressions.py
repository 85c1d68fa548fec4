"""Date and time expressions in news text, resolved to ISO values.

``find_time_expressions`` runs a fixed set of compiled regular expressions over a lowercased copy
of the text, turns each match into a candidate with a resolver, widens candidates over what is
written just before them (a weekday before a date; "mid-", "late", "the end of",
"until the end of" before a month, season or year), and keeps the longest non-overlapping
candidates. Relative expressions ("yesterday", "on Thursday", "last month", "10 June") are
resolved against a reference date, usually the publication date; without one they are still
found, with ``value_start=None``.

Conventions:
- values are ISO strings truncated to the precision: day "2016-06-10", week its Monday
  "2016-06-06", month and season "2016-06", year and decade "2016";
- spans leave out prepositions and articles ("in 2003" -> "2003", "on Thursday" -> "Thursday"),
  but keep words that change the meaning ("last Thursday", "until the end of winter 2017");
- news mostly reports the past: bare weekdays and months resolve backwards, and a day and month
  without a year resolve to at most ``_FUTURE_DAYS`` after the reference;
- seasons are northern-hemisphere meteorological seasons: "winter 2017" is Dec 2016 - Feb 2017,
  value_start its first month and value_end its last;
- "mid-", "early", "late", "the end of" widen the span but keep the value of what they modify;
  "until/by the end of X" is an open period: value_start None, value_end X's end;
- durations ("for two years", "ten years later") are not expressions: nothing matches them.
"""

from __future__ import annotations

import datetime
import email.utils
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

__all__ = ["Precision", "TimeExpression", "find_time_expressions", "parse_published"]

Precision = Literal["day", "week", "month", "season", "year", "decade"]

# A day and month without a year resolves to the latest year that puts it no more than this many
# days after the reference, i.e. into a one-year window reaching ~300 days back: news mostly
# reports the past, but announces events a few weeks ahead ("elections on 3 July").
_FUTURE_DAYS = 60


@dataclass(frozen=True)
class TimeExpression:
    """One date/time expression found in a text, with its resolved ISO value(s)."""

    start: int
    end: int
    text: str
    value_start: str | None
    value_end: str | None
    precision: Precision
    relative: bool


# What a candidate may absorb from the text just before it.
_Widen = Literal["", "weekday", "modifier"]


class _Hit(NamedTuple):
    """A candidate expression before overlap removal."""

    start: int
    end: int
    value_start: str | None
    value_end: str | None
    precision: Precision
    relative: bool
    widen: _Widen = ""


# --------------------------------------------------------------------------- vocabulary
# All patterns are lowercase and run case-sensitively over a lowercased copy of the text: with
# re.IGNORECASE the regex engine cannot skip ahead to a possible first character, which made
# matching several times slower.

def _words(*alternatives: str) -> str:
    """Word alternation led by a lookahead on the possible first characters, so the regex engine
    rejects most positions with one character test."""
    return _first_letter(*alternatives) + r"\b(?:" + "|".join(alternatives) + ")"


def _first_letter(*words: str) -> str:
    """A lookahead on the first letters of ``words``: put before a pattern that opens with an optional
    word, it keeps the one character test at positions no match can start at."""
    return r"(?=[" + "".join(sorted({w[0] for w in words})) + r"])"


_MONTH_FULL = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_MONTH_ABBR = ("sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Full names take no period (a period after them ends the sentence); abbreviations may ("Sept.").
_MONTH = (r"(?=[adfjmnos])\b(?:(?:" + "|".join(_MONTH_FULL) + r")\b|(?:" + "|".join(_MONTH_ABBR)
          + r")\b\.?)")
_MONTH_NUMBER = {name[:3]: i for i, name in enumerate(_MONTH_FULL, 1)}
# Month names that are also common lowercase words ("troops may", "a march"): without a year next
# to them they only count when not written in lowercase.
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})

_WEEKDAY_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = _words(*_WEEKDAY_FULL) + r"\b"
# Abbreviated weekdays ("Sun", "Wed") are too ambiguous alone; they are only taken in front of a
# date ("Tue, 12 March 2024").
_WEEKDAY_ANY = (r"\b(?:(?:" + "|".join(_WEEKDAY_FULL) + r")\b|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|"
                r"sun)\b\.?)")
_WEEKDAY_NUMBER = {name[:3]: i for i, name in enumerate(_WEEKDAY_FULL)}

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)\b"
_SEASON_START_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?\b"

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "fifteen": 15, "twenty": 20, "thirty": 30}

# A four-digit number followed by one of these is a count, not a year ("2016 people").
_UNIT_AFTER = re.compile(
    r"\s*(?:(?:people|persons?|fighters?|troops|soldiers?|civilians?|militants?|insurgents?|"
    r"rebels?|men|women|children|refugees?|migrants?|casualties|deaths?|dead|killed|wounded|"
    r"injured|prisoners?|detainees?|hostages?|families|households?|homes?|houses?|buildings?|"
    r"vehicles?|tanks?|rockets?|missiles?|shells?|rounds?|bombs?|drones?|airstrikes?|strikes?|"
    r"attacks?|incidents?|km|kilometres?|kilometers?|miles?|metres?|meters?|tons?|tonnes?|kg|"
    r"dollars?|usd|euros?|pounds?|percent|per\s+cent)\b|[$%])")

# Written just before a month, season, year or decade; matched up to the candidate's start.
_MODIFIER_BEFORE = re.compile(
    r"\b(?:(?P<until>until|till|til|up\s+to|by|through)\s+(?:the\s+)?end\s+of"
    r"|(?:end|beginning|start|middle)\s+of)\s+(?:the\s+)?\Z"
    r"|\b(?:early|mid|late)(?:\s*-\s*|\s+)\Z")
# Written just before a date: "Tuesday, 12 March 2024", "Tue. the 12th of March".
_WEEKDAY_BEFORE = re.compile(r"(?:" + _WEEKDAY_ANY + r"),?\s+(?:the\s+)?\Z")
_BEFORE_WINDOW = 40  # characters looked at before a candidate; longer than any prefix above


# --------------------------------------------------------------------------- helpers

def _fold(text: str) -> str:
    """Lowercase text keeping every character at its offset (a few characters such as 'İ'
    lowercase to two; those are left as they are)."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _month_number(token: str) -> int:
    """Month number of a month name or abbreviation ("sept." -> 9)."""
    return _MONTH_NUMBER[token.rstrip(".")[:3]]


def _weekday_number(token: str) -> int:
    """Weekday number, Monday = 0, of a weekday name."""
    return _WEEKDAY_NUMBER[token[:3]]


def _ambiguous_month(m: re.Match[str], text: str) -> bool:
    """True for "may"/"march" written in lowercase: more likely a verb or noun than a month."""
    token = text[m.start("mon"):m.end("mon")]
    return token.islower() and token.rstrip(".") in _AMBIGUOUS_MONTHS


def _day_number(token: str) -> int:
    """Day of month from "10", "10th", "1st"."""
    return int(token.rstrip("stndrh"))


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    """The date, or None for impossible ones such as 31 June."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _ym(index: int) -> str:
    """ISO month of a month index (year * 12 + month - 1)."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _month_index(d: datetime.date) -> int:
    return d.year * 12 + d.month - 1


def _infer_year(month: int, day: int, ref: datetime.date) -> datetime.date | None:
    """Date of day/month in the latest year that puts it at most _FUTURE_DAYS after ref."""
    limit = ref + datetime.timedelta(days=_FUTURE_DAYS)
    for year in range(ref.year + 1, ref.year - 5, -1):  # 4 years back so 29 February resolves
        d = _safe_date(year, month, day)
        if d is not None and d <= limit:
            return d
    return None


def _season_name(token: str) -> str:
    return "autumn" if token == "fall" else token


def _season_months(season: str, year: int) -> tuple[int, int]:
    """First and last month index of a season; winter Y runs December Y-1 to February Y."""
    start_year = year - 1 if season == "winter" else year
    first = start_year * 12 + _SEASON_START_MONTH[season] - 1
    return first, first + 2


def _relative_season(season: str, rel: str, ref: datetime.date) -> tuple[int, int] | None:
    """The instance of a season that "this"/"last"/"next" names, seen from ref."""
    here = _month_index(ref)
    instances = [_season_months(season, y) for y in range(ref.year - 2, ref.year + 3)]
    if rel in ("last", "past"):
        # The latest one over before the reference month: "last summer" in June is a year back.
        return max(s for s in instances if s[1] < here)
    if rel in ("next", "coming"):
        return min(s for s in instances if s[0] > here)

    # "this": the current one, else the nearest, a tie going to the past one.
    def distance(s: tuple[int, int]) -> tuple[int, int]:
        gap = 0 if s[0] <= here <= s[1] else min(abs(s[0] - here), abs(s[1] - here))
        return gap, s[0]

    return min(instances, key=distance)


def _shift(ref: datetime.date, unit: str, n: int) -> str:
    """ISO value of the day/week/month/year n units from ref's."""
    if unit == "day":
        return (ref + datetime.timedelta(days=n)).isoformat()
    if unit == "week":
        monday = ref - datetime.timedelta(days=ref.weekday())
        return (monday + datetime.timedelta(weeks=n)).isoformat()
    if unit == "month":
        return _ym(_month_index(ref) + n)
    return f"{ref.year + n:04d}"


def _is_count(m: re.Match[str], end: int) -> bool:
    """True when a unit follows position end, making the number before it a count."""
    return _UNIT_AFTER.match(m.string, end) is not None


# --------------------------------------------------------------------------- resolvers
# Each takes a match over the lowercased text, the reference date and the original text, and
# returns a candidate or None to reject the match.

_Resolver = Callable[[re.Match[str], "datetime.date | None", str], "_Hit | None"]


def _day(m: re.Match[str], d: datetime.date | None, relative: bool, widen: _Widen = "") -> _Hit:
    return _Hit(m.start(), m.end(), d.isoformat() if d else None, None, "day", relative, widen)


def _resolve_iso(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """2016-06-10, 2016/06/10."""
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day(m, d, False, "weekday") if d else None


def _resolve_day_month(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """10 June 2016, June 10, 2016; without a year (10 June, June 10) the reference's year."""
    month, day = _month_number(m["mon"]), _day_number(m["d"])
    if m["y"]:
        d = _safe_date(int(m["y"]), month, day)
        return _day(m, d, False, "weekday") if d else None
    if _ambiguous_month(m, text) or _safe_date(2000, month, day) is None:  # 2000 has 29 Feb
        return None
    return _day(m, _infer_year(month, day, ref) if ref else None, True, "weekday")


def _resolve_month_year(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """June 2016; June last year."""
    month = _month_number(m["mon"])
    if m["y"]:
        if _is_count(m, m.end()):
            return None
        return _Hit(m.start(), m.end(), f"{m['y']}-{month:02d}", None, "month", False, "modifier")
    value = None
    if ref:
        year = ref.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
        value = f"{year:04d}-{month:02d}"
    return _Hit(m.start(), m.end(), value, None, "month", True, "modifier")


def _resolve_month_alone(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """A month after a cue word: "in June" is the latest June up to the reference month."""
    if _ambiguous_month(m, text):
        return None
    cue = m["cue"]
    # "last June" keeps its cue; "in June" drops it; "mid-June" gets "mid-" back as a modifier.
    start = m.start() if cue in ("last", "this", "next") else m.start("mon")
    value = None
    if ref:
        month = _month_number(m["mon"])
        if cue == "this":
            year = ref.year
        elif cue == "next":
            year = ref.year if month > ref.month else ref.year + 1
        elif cue == "last":  # strictly before: "last June" written in June is a year back
            year = ref.year if month < ref.month else ref.year - 1
        else:
            year = ref.year if month <= ref.month else ref.year - 1
        value = f"{year:04d}-{month:02d}"
    return _Hit(start, m.end(), value, None, "month", True, "modifier")


def _resolve_year_range(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """2003-2007, from 2003 to 2007, between 2003 and 2007."""
    if (m["sep"] == "and") != (m["kw"] == "between"):
        return None  # "and" only joins years after "between", and "between" needs "and"
    first, last = int(m["y1"]), int(m["y2"])
    if not first < last or _is_count(m, m.end()):
        return None
    return _Hit(m.start(), m.end(), m["y1"], m["y2"], "year", False, "modifier")


def _resolve_year(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """A single year, after a cue word or before punctuation; "2016 people" is a count."""
    if _is_count(m, m.end("y")):
        return None
    return _Hit(m.start("y"), m.end("y"), m["y"], None, "year", False, "modifier")


def _resolve_decade(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """1990s, '90s."""
    if m["y"]:
        first = int(m["y"])
    else:  # "'90s": the 2000s and 2010s are this century, the rest the last one
        short = int(m["yy"])
        first = (2000 if short <= 10 else 1900) + short
    return _Hit(m.start(), m.end(), str(first), str(first + 9), "decade", False, "modifier")


def _resolve_season_year(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """winter 2017, summer of 2015, winter 2016/17."""
    season = _season_name(m["s"])
    year, end = int(m["y"]), m.end()
    if m["y2"]:
        second = int(m["y2"]) if len(m["y2"]) == 4 else year // 100 * 100 + int(m["y2"])
        if season == "winter" and second == year + 1:
            year = second  # "winter 2016/17" is the winter ending in 2017
        else:
            end = m.end("y")  # no season spans two years but winter: keep "summer 2015"
    if _is_count(m, end):
        return None
    first, last = _season_months(season, year)
    return _Hit(m.start(), end, _ym(first), _ym(last), "season", False, "modifier")


def _resolve_season_relative(m: re.Match[str], ref: datetime.date | None,
                             text: str) -> _Hit | None:
    """this spring, last winter, next summer."""
    if ref is None:
        return _Hit(m.start(), m.end(), None, None, "season", True, "modifier")
    first, last = _relative_season(_season_name(m["s"]), m["rel"], ref)
    return _Hit(m.start(), m.end(), _ym(first), _ym(last), "season", True, "modifier")


# Day offsets of the fixed relative days, by the group name that matched.
_DAY_OFFSETS = {"today": 0, "yesterday": -1, "before_yesterday": -2, "tomorrow": 1,
                "after_tomorrow": 2}


def _resolve_fixed_day(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """today, yesterday, the day before yesterday, tomorrow..."""
    days = _DAY_OFFSETS[m.lastgroup or "today"]
    return _day(m, ref + datetime.timedelta(days=days) if ref else None, True)


def _resolve_weekday(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """A weekday: within the past week, the reference itself for its own weekday; "last" skips
    the reference day, "next"/"coming" look forward."""
    if ref is None:
        return _day(m, None, True)
    wd, rel = _weekday_number(m["wd"]), m["rel"]
    if rel in ("next", "coming"):
        days = (wd - ref.weekday()) % 7 or 7
    else:
        days = -((ref.weekday() - wd) % 7)
        if rel in ("last", "past") and days == 0:
            days = -7
    return _day(m, ref + datetime.timedelta(days=days), True)


def _resolve_ago(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """two days ago, 3 weeks ago, a year ago."""
    unit = m["u"]
    n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"]]
    value = _shift(ref, unit, -n) if ref else None
    return _Hit(m.start(), m.end(), value, None, unit, True,  # type: ignore[arg-type]
                "" if unit == "day" else "modifier")


def _resolve_this_unit(m: re.Match[str], ref: datetime.date | None, text: str) -> _Hit | None:
    """this week, earlier this month, last year, next month."""
    unit = m["u"]
    value = _shift(ref, unit, {"this": 0, "last": -1, "next": 1}[m["rel"]]) if ref else None
    return _Hit(m.start(), m.end(), value, None, unit, True, "modifier")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- patterns

_DAY_MONTH = re.compile(  # 10 June, 10th of June, 2016 / 10 June 2016
    r"(?=\d)(?<![\d,.:/])(?P<d>" + _DAY + r")(?:\s+of)?\s+(?P<mon>" + _MONTH
    + r")(?:,?\s+(?P<y>" + _YEAR + r"))?")
_MONTH_DAY = re.compile(  # June 10 / June 10, 2016 / June 10 2016
    r"(?P<mon>" + _MONTH + r")\s+(?P<d>" + _DAY + r")(?:,?\s+(?P<y>" + _YEAR
    + r")|(?![.,:]\d))")

# Order only breaks ties between equally long candidates at the same offset.
_PATTERNS: list[tuple[re.Pattern[str], _Resolver]] = [
    # 2016-06-10, 2016/06/10; day-first or month-first slashed dates are ambiguous and skipped.
    (re.compile(r"(?=[12])(?<![\d/.-])(?P<y>" + _YEAR + r")(?P<sep>[-/])(?P<m>0?[1-9]|1[0-2])"
                r"(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])(?!\d|[/.-]\d)"), _resolve_iso),
    (_DAY_MONTH, _resolve_day_month),
    (_MONTH_DAY, _resolve_day_month),
    # June 2016, June of 2016, June last year
    (re.compile(r"(?P<mon>" + _MONTH + r")(?:\s*,\s*|\s+)(?:of\s+)?(?:(?P<y>" + _YEAR
                + r")|(?P<rel>last|this|next)\s+year\b)"), _resolve_month_year),
    # in June, last June, mid-June: a month alone needs a cue, else "June" may be a name.
    (re.compile(r"(?P<cue>" + _words("in", "since", "by", "until", "till", "during", "of", "from",
                                     "through", "throughout", "before", "after", "around",
                                     "last", "this", "next", "early", "mid", "late")
                + r")(?:\s*-\s*|\s+)(?P<mon>" + _MONTH + r")"), _resolve_month_alone),
    # 2003-2007, 2003–2007, from 2003 to 2007, between 2003 and 2007
    (re.compile(r"(?=[12fb])(?<![\w.,/$£€-])(?:(?P<kw>from|between)\s+)?(?P<y1>" + _YEAR
                + r")\s*(?P<sep>-|–|—|to|until|till|and)\s*(?P<y2>" + _YEAR
                + r")(?![\w-]|[.,]\d)"), _resolve_year_range),
    # in 2003, since 2011, mid-2016, the year 2016: a year after a cue word ...
    (re.compile(_words("in", "since", "by", "until", "till", "til", "of", "from", "during",
                       "throughout", "before", "after", "around", "circa", "early", "late", "mid",
                       "year", "the")
                + r"(?:\s*-\s*|\s+)(?P<y>" + _YEAR + r")(?![\w-]|[.,]\d)"), _resolve_year),
    # ... or before punctuation or the end of the text: "elected in Ohio, 2016."
    (re.compile(r"(?=[12])(?<![\w.,/$£€-])(?P<y>" + _YEAR
                + r")(?=\s*(?:[,.;:!?)\]]|\Z))(?![.,]\d)"), _resolve_year),
    # 1990s, '90s
    (re.compile(r"(?=[12'’])(?<![\w'’])(?:(?P<y>(?:19|20)\d0)'?s|['’](?P<yy>\d0)s)\b"),
     _resolve_decade),
    # winter 2017, summer of 2015, winter 2016/17
    (re.compile(r"(?P<s>" + _words("spring", "summer", "autumn", "fall", "winter")
                + r")\b(?:\s+of)?,?\s+(?P<y>" + _YEAR + r")(?:\s*[/–-]\s*(?P<y2>" + _YEAR
                + r"|\d{2}(?!\d)))?(?![.,]\d)"), _resolve_season_year),
    # this spring, last winter
    (re.compile(r"(?P<rel>" + _words("this", "last", "next", "past", "coming") + r")\s+(?P<s>"
                + _SEASON + r")"), _resolve_season_relative),
    # today, yesterday, the day before yesterday, tomorrow, tonight, this morning, last night
    (re.compile(r"(?=[tdylme])\b(?:(?P<before_yesterday>(?:the\s+)?day\s+before\s+yesterday)"
                r"|(?P<after_tomorrow>(?:the\s+)?day\s+after\s+tomorrow)"
                r"|(?P<yesterday>yesterday" + _TIME_OF_DAY + r"|last\s+night)"
                r"|(?P<tomorrow>tomorrow" + _TIME_OF_DAY + r")"
                r"|(?P<today>(?:(?:earlier|later)\s+)?(?:today|tonight)"
                r"|this\s+(?:morning|afternoon|evening)))\b"), _resolve_fixed_day),
    # Thursday, last Thursday, next Tuesday, Thursday night, late Friday
    (re.compile(_first_letter("last", "this", "next", "past", "coming", "early", "late", *_WEEKDAY_FULL)
                + r"(?:(?P<rel>" + _words("last", "this", "next", "past", "coming", "early", "late")
                + r")\s+)?(?P<wd>" + _WEEKDAY + r")" + _TIME_OF_DAY), _resolve_weekday),
    # two days ago, 3 weeks ago
    (re.compile(r"(?=[\d" + "".join(sorted({w[0] for w in _NUMBER_WORDS})) + r"])\b(?P<n>\d{1,3}|"
                + "|".join(_NUMBER_WORDS) + r")\s+(?P<u>day|week|month|year)s?\s+ago\b"),
     _resolve_ago),
    # this week, earlier this month, last year, next month
    (re.compile(_first_letter("earlier", "later", "this", "last", "next") + r"(?:" + _words("earlier", "later")
                + r"\s+)?(?P<rel>" + _words("this", "last", "next") + r")\s+(?P<u>week|month|year)\b"),
     _resolve_this_unit),
]


# --------------------------------------------------------------------------- public API

def _widen(hit: _Hit, folded: str) -> _Hit:
    """Extend a candidate over a weekday or modifier written just before it."""
    if not hit.widen:
        return hit
    before = _WEEKDAY_BEFORE if hit.widen == "weekday" else _MODIFIER_BEFORE
    m = before.search(folded, max(0, hit.start - _BEFORE_WINDOW), hit.start)
    if m is None:
        return hit
    if hit.widen == "modifier" and m["until"]:
        # "until the end of winter 2017": an open period ending where the named one ends.
        return hit._replace(start=m.start(), value_start=None,
                            value_end=hit.value_end or hit.value_start)
    return hit._replace(start=m.start())


def find_time_expressions(text: str,
                          reference: datetime.date | None = None) -> list[TimeExpression]:
    """All date/time expressions in text, sorted by start, non-overlapping (longest match wins).

    Relative expressions are resolved against reference; without one their values are None.
    """
    folded = _fold(text)
    hits: list[tuple[_Hit, int]] = []
    for order, (pattern, resolve) in enumerate(_PATTERNS):
        for m in pattern.finditer(folded):
            hit = resolve(m, reference, text)
            if hit is not None:
                hits.append((_widen(hit, folded), order))

    # Longest first, then leftmost, then pattern order; keep what overlaps nothing kept.
    hits.sort(key=lambda item: (item[0].start - item[0].end, item[0].start, item[1]))
    kept: list[_Hit] = []
    for hit, _ in hits:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    kept.sort(key=lambda h: h.start)
    return [TimeExpression(h.start, h.end, text[h.start:h.end], h.value_start, h.value_end,
                           h.precision, h.relative) for h in kept]


_PUBLISHED_ISO = re.compile(
    r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:[t\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})?)?")


def parse_published(value: str) -> datetime.date | None:
    """Parse a publication date given as 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM:SS[Z|+hh:mm]',
    'YYYY/MM/DD', '10 June 2016', 'June 10, 2016' (or an RFC 2822 date, as in RSS feeds);
    None if unparseable. The date is the one written: there is no time-zone conversion."""
    folded = _fold(value.strip())
    m = _PUBLISHED_ISO.fullmatch(folded)
    if m:
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.fullmatch(folded)
        if m and m["y"]:
            return _safe_date(int(m["y"]), _month_number(m["mon"]), _day_number(m["d"]))
    try:  # "Fri, 10 Jun 2016 08:30:00 +0000"
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None

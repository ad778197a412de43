"""The claims weekly recaps write besides a plain change, read as an author wrote them.

Records ("closed at a record high on Thursday"), thresholds ("closed above 2,600 for the first
time", "topped 7,000"), runs ("capping a 12% rally in three weeks", "in five sessions"), sizes
of rate moves ("cut rates by half a point"), one index beating another without a number ("the
Nasdaq outperformed the Russell 2000 this week"), "best week since …", and a change written as
a noun or a bare "up 12.3% year to date". As in ``reading.py``, a claim is read only when its
subject, figure and time are all clear; the judging is in ``recap_judging.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from generator.facts import when
from generator.facts.claims import AMOUNT, DOWN, NUMBER, QUALIFIER, UP, Claim, Context

# Words that make a record or a threshold something else than a close: touched during the
# session, or only approached.
HEDGED = re.compile(
    r"\b(?:briefly|intraday|before|touched|touching|flirted|near|nearly|almost|within|shy|"
    r"approach(?:ed|es|ing)?|eyes|eyeing|threaten(?:ed|ing)?)\b",
    re.I,
)
RECORD = re.compile(
    r"\b(?:closed|ended|finished|settled|hit|hits|set|sets|reached|notched|posted|marked|logged|"
    r"scaled|(?:rose|climbed|rallied|jumped|surged|advanced|soared|pushed)\s+to)"
    r"(?P<week>\s+the\s+week)?\s+(?:at\s+|in\s+)?(?:(?:a|an|its|their|another|new|fresh)\s+)*"
    r"(?:all-time\s+(?:closing\s+)?highs?|records?(?:\s+(?:highs?|closes?|closing\s+highs?|"
    r"levels?|territory))?)(?![\w-]|\s+(?:lows?|volume|inflows?|outflows?|earnings|revenue|"
    r"profits?|sales|pace|numbers?|streaks?|run|year|quarter|month)\b)"
)
THRESHOLD = re.compile(
    r"\b(?:(?P<up>(?:closed|ended|finished|settled|rose|climbed|rallied|jumped|surged|pushed|"
    r"moved|broke|soared)(?P<week>\s+the\s+week)?\s+(?:above|over|through|past)|topped|crossed|"
    r"surpassed|cleared|eclipsed|breached|broke)|(?P<down>(?:closed|ended|finished|settled|fell|"
    r"dropped|slipped|sank|slid|broke|dipped|tumbled)(?P<week2>\s+the\s+week)?\s+(?:below|under)))"
    r"\s+(?:the\s+)?(?P<num>\d{1,2},\d{3}|\d{3,5})(?![\d,]|\.\d|\s*(?:%|percent|points?|pp|bp|basis))"
    r"(?:\s+(?:level|mark|threshold|line))?"
    r"(?P<first>\s+for\s+the\s+first\s+time(?:\s+ever)?(?!\s+(?:since|in)\b))?"
)
UP_NOUNS = r"rally|run-up|run|gain|advance|climb|surge|rise|rebound|jump|upswing"
DOWN_NOUNS = r"slide|drop|decline|loss|fall|sell-?off|slump|pullback|retreat|tumble|plunge"
UNITS = r"weeks|sessions|trading\s+(?:days|sessions)|days"
SPAN = (
    r"\s+(?:in|over|across|during)\s+(?:the\s+(?:past|last|previous|prior)\s+)?(?:just\s+)?"
    rf"(?P<n>\d+|[a-z]+)\s+(?:straight\s+|consecutive\s+|successive\s+)?(?P<sunit>{UNITS})\b"
)
SPAN_ADJ = r"(?P<an>\d+|[a-z]+)-(?P<aunit>week|session|day|trading-day)"
NOUN_AMOUNT = rf"{QUALIFIER}(?P<num>{NUMBER})\s*(?:%|percent\b|per cent\b)"
NOUN = rf"(?:(?P<up>{UP_NOUNS})|(?P<down>{DOWN_NOUNS}))\b"
RUN_NOUN = re.compile(
    rf"(?<![+\-−\w.]){NOUN_AMOUNT}\s+(?:{SPAN_ADJ}\s+|(?:year-to-date|YTD|weekly)\s+)?"
    rf"{NOUN}(?:{SPAN})?"
)
RUN_OF = re.compile(rf"\b{SPAN_ADJ}\s+{NOUN}\s+of\s+{NOUN_AMOUNT}")
VERB_RUN = re.compile(
    rf"\b(?:(?P<up>{UP})|(?P<down>{DOWN}))(?:\s+(?:by|another|a further|nearly|a))?\s+"
    rf"{AMOUNT}{SPAN}"
)
FED_WORDS = re.compile(
    r"\b(?:Fed|Federal Reserve|FOMC|central bank|policymakers|the committee|fed funds|"
    r"federal funds)\b",
    re.I,
)
RATE_SIZE = re.compile(
    r"\b(?:(?P<q3>three[- ]quarters?(?:[- ]of[- ]a)?)|(?P<q1>(?:a[- ])?quarter(?:[- ]of[- ]a)?)|"
    r"(?P<h>half(?:[- ]an?)?)|(?P<f>a[- ]full))[- ](?:percentage[- ])?point\b"
    r"|\b(?P<bp>\d{1,3})[- ]?(?:basis[- ]points?|bps?)\b"
    r"|(?<![\d.])(?P<pp>0?\.\d{1,2}|1)[- ]percentage[- ]points?\b",
    re.I,
)
CUT_WORDS = re.compile(r"\b(?:cut|cuts|cutting|lowered|lowers|reduced|reduction|eased|trimmed)\b")
HIKE_WORDS = re.compile(r"\b(?:raised|raises|hiked|hike|hikes|lifted|increase|increased)\b")
# A size that is no single decision (a total, each of several) or not the policy rate.
NOT_ONE_MOVE = re.compile(
    r"\b(?:yields?|Treasury|Treasuries|spreads?|mortgage|bonds?|total(?:ing|led|s)?|cumulative|"
    r"combined|in all|altogether|so far|each|times|meetings)\b",
    re.I,
)
MONTH = re.compile(
    rf"\b(?:[Ii]n|[Aa]t\s+its|[Aa]t\s+the|the)\s+(?P<month>{'|'.join(when.MONTHS)})(?:\s+(?P<year>\d{{4}}))?"
    r"(?!\s*\d)\b"
)
VERSUS = re.compile(
    r"\b(?:(?P<up>outperformed|outpaced|beat|bested|outdid)|"
    r"(?P<down>underperformed|lagged|trailed))\s+"
)
BEST_WEEK = re.compile(
    r"\b(?P<adj>best|strongest|worst|weakest|biggest|largest|sharpest|steepest)\s+"
    r"week(?:ly\s+(?P<noun>\w+))?\s+since\s+(?P<when>[^,.;:()]{3,40}?(?:,\s*(?:19|20)\d\d)?)"
    r"(?=\s*(?:[,.;:()]|$)|\s+(?:as|when|after|and|but|while|with|amid|for|on)\b)"
)
POSSESSIVE_DATE = re.compile(rf"\b{when.DATE}['’]s\s+$")
SPAN_WORDS = re.compile(r"^(?:the\s+week\s+(?:of|ended|ending)\s+|early\s+|mid-?\s*|late\s+)")


def record_claims(context: Context) -> Iterator[Claim]:
    """``the Nasdaq closed at a record high on Thursday``: a record close on that day, or on
    some session of the week when no day is named ("closed the week at": its last)."""
    if HEDGED.search(context.sentence.text):
        return
    for match in RECORD.finditer(context.text):
        symbols = context.subjects(match.start())
        days = span(context, context.text, bool(match.group("week")))
        if symbols and days:
            yield context.claim("record", match.start(), symbols=symbols, extra=ordinals(days))


def threshold_claims(context: Context) -> Iterator[Claim]:
    """``closed above 2,600 for the first time``, ``topped 7,000``, ``fell below 2,500``:
    about closes (a level touched during the session is no close, and is left alone)."""
    if HEDGED.search(context.sentence.text):
        return
    for match in THRESHOLD.finditer(context.text):
        symbols = context.subjects(match.start())
        last_only = bool(match.group("week") or match.group("week2"))
        days = span(context, context.text, last_only)
        if len(symbols) != 1 or days is None:
            continue
        yield context.claim(
            "threshold",
            match.start("num"),
            symbols=symbols,
            number=match.group("num"),
            direction=1 if match.group("up") else -1,
            count=1 if match.group("first") else 0,
            extra=ordinals(days),
        )


def span(context: Context, text: str, last_only: bool) -> tuple[date, date] | None:
    """The days a claim is about: the one date ``text`` names; else, when the sentence names
    no other time, the sessions of the page's week (only its last for "closed the week")."""
    named = when.one_date(text, context.week)
    if named is not None:
        return named, named
    if when.other_time(context.sentence.text):
        return None
    week = context.week
    return (week if last_only else week - timedelta(days=week.weekday())), week


def ordinals(days: tuple[date, date]) -> tuple[float, float]:
    return float(days[0].toordinal()), float(days[1].toordinal())


# ─── runs and changes written as nouns ──────────────────────────────────────────────────────


def run_claims(context: Context) -> Iterator[Claim]:
    """``a 12% rally in three weeks``, ``a three-week rally of 12%``, ``its 16% year-to-date
    gain``, ``rallied 4% in three sessions``."""
    for pattern in (RUN_NOUN, RUN_OF):
        for match in pattern.finditer(context.text):
            symbols = context.subjects(match.start()) or _the_one_name(context)
            if len(symbols) == 1:
                yield from _noun_claim(context, match, symbols)
    for match in VERB_RUN.finditer(context.text):
        symbols = context.subjects(match.start())
        percent = match.group("unit").startswith(("%", "percent", "per cent"))
        if len(symbols) == 1 and percent and not match.group("sign"):
            yield from _run(context, match, symbols, verb=True)


def _the_one_name(context: Context) -> tuple[str, ...]:
    """The subject of a noun ("…, capping a 12% rally"): the one name the clause has."""
    found = {m.symbol for m in context.mentions()}
    return tuple(found) if len(found) == 1 else ()


def _noun_claim(
    context: Context, match: re.Match[str], symbols: tuple[str, ...]
) -> Iterator[Claim]:
    if _length(match) is not None:
        yield from _run(context, match, symbols, verb=False)
        return
    period = _noun_period(context, match)
    if period is not None:  # "its 2% drop on Friday", "a 16% year-to-date gain"
        yield _claim(context, match, symbols, "change", period=period)


def _noun_period(context: Context, match: re.Match[str]) -> when.Period | None:
    """The period a change written as a noun names, next to it: "Friday's 1.1% drop", "its
    16% year-to-date gain", "a 2% gain this week" (a period further away may be another's:
    "… erased its gains for the week")."""
    owner = POSSESSIVE_DATE.search(context.text[: match.start()])
    if owner:
        day = when.read_date(owner, context.week)
        return when.Period("day", day=day) if day else None
    near = context.text[match.start() : match.end() + 24].split(",")[0]
    period = when.find_period(near, context.week)
    if period is None or (period.kind == "since" and (period.day or context.week) > context.week):
        return None
    return period


def _length(match: re.Match[str]) -> tuple[int, str] | None:
    """How long a run is said to be, and in what: (3, "weeks")."""
    groups = match.groupdict()
    word, unit = groups.get("n") or groups.get("an"), groups.get("sunit") or groups.get("aunit")
    n = when.count(word) if word else None
    if not n or not unit:
        return None
    unit = "sessions" if unit.startswith(("session", "trading")) else unit.rstrip("s") + "s"
    return n, unit


def _run(
    context: Context, match: re.Match[str], symbols: tuple[str, ...], verb: bool
) -> Iterator[Claim]:
    """A run of n weeks, sessions or days, ending on the day the clause names, else at the
    week's end. A run of weeks with no day named is the n-week change (``reading.py`` reads
    it after a verb), measured from the close n weeks before the page's week."""
    length = _length(match)
    assert length is not None
    rest = context.text[: match.start()] + context.text[match.end() :]
    day = when.one_date(rest, context.week)
    if day is None and when.other_time(rest):
        return
    n, unit = length
    if unit == "weeks" and day is None:
        if not verb:
            yield _claim(context, match, symbols, "change", period=when.Period("week", n))
        return
    yield _claim(context, match, symbols, "run", count=n, unit=unit, day=day)


def _claim(
    context: Context, match: re.Match[str], symbols: tuple[str, ...], kind: str, **fields: object
) -> Claim:
    return context.claim(
        kind,
        match.start("num"),
        symbols=symbols,
        number=match.group("num"),
        qualifier=match.group("q") or "",
        direction=1 if match.group("up") else -1,
        **fields,
    )


# ─── the Fed's moves, comparisons, best weeks ───────────────────────────────────────────────


def rate_move_claims(context: Context) -> Iterator[Claim]:
    """``the Fed cut rates by half a point``, ``a 25-basis-point cut on Wednesday``: the size
    of one decision (on the day or in the month named, else the latest of its kind)."""
    text = context.text
    sizes = list(RATE_SIZE.finditer(text))
    cut, hike = CUT_WORDS.search(text), HIKE_WORDS.search(text)
    if len(sizes) != 1 or not FED_WORDS.search(text) or NOT_ONE_MOVE.search(text):
        return
    if not (cut or hike) or (cut and hike):
        return
    size = sizes[0]
    rest = text[: size.start()] + text[size.end() :]
    when_said = _decision_time(rest, context.week)
    if when_said is None:
        return
    day, month = when_said
    yield context.claim(
        "rate_move",
        size.start(),
        number=f"{_size(size):.2f}",
        direction=-1 if cut else 1,
        day=day,
        extra=month,
    )


def _size(match: re.Match[str]) -> float:
    """A rate move in percentage points: a quarter point, half a point, 50 basis points."""
    if match.group("bp"):
        return int(match.group("bp")) / 100
    if match.group("pp"):
        return float(match.group("pp"))
    return next(
        v for k, v in (("q3", 0.75), ("q1", 0.25), ("h", 0.5), ("f", 1.0)) if match.group(k)
    )


def _decision_time(text: str, week: date) -> tuple[date | None, tuple[float, ...]] | None:
    """(the day named, or (year, month) named), both empty for "the latest"; None when the
    time is some other ("since September", "last year")."""
    day = when.one_date(text, week)
    if day is not None:
        return day, ()
    month = MONTH.search(text)
    rest = text[: month.start()] + text[month.end() :] if month else text
    if when.other_time(rest) or re.search(r"\b(?:19|20)\d\d\b", rest):
        return None  # some other time, or a whole year ("by 100 basis points in 2024")
    if month is None:
        return None, ()
    number = when.MONTHS.index(month.group("month")) + 1
    year = int(month.group("year") or week.year)
    if not month.group("year") and date(year, number, 1) > week:
        year -= 1
    return None, (float(year), float(number))


def versus_claims(context: Context) -> Iterator[Claim]:
    """``the Nasdaq outperformed the Russell 2000 this week`` (no figure: ``reading.py``
    reads "… by 2 points")."""
    for match in VERSUS.finditer(context.text):
        first = context.subjects(match.start())
        other = next((m for m in context.mentions() if m.start == match.end()), None)
        if len(first) != 1 or other is None or other.symbol == first[0]:
            continue
        if re.match(r"\s*(?:,\s*)?(?:by|and|&|,)\b", context.text[other.end :] + " "):
            continue  # a figure ("by 2 points") or a list of others: read elsewhere or left
        period = context.period(match.start(), other.end)
        if period is not None:
            yield context.claim(
                "versus",
                match.start(),
                symbols=(first[0], other.symbol),
                direction=1 if match.group("up") else -1,
                period=period,
            )


def best_week_claims(context: Context) -> Iterator[Claim]:
    """``its best week since April``: this week's change beat every week after that one, and
    that one was at least as good."""
    for match in BEST_WEEK.finditer(context.text):
        direction = _best_direction(match)
        symbols = context.subjects(match.start()) or _the_one_name(context)
        since = _since(match.group("when"), context.week)
        before = context.text[: match.start()] + context.text[match.end() :]
        if not direction or len(symbols) != 1 or since is None or when.other_time(before):
            continue
        yield context.claim(
            "best_week", match.start(), symbols=symbols, direction=direction, extra=ordinals(since)
        )


def _best_direction(match: re.Match[str]) -> int:
    adjective, noun = match.group("adj"), match.group("noun") or ""
    if adjective in ("best", "strongest"):
        return 1 if noun in ("", "performance", "showing", "gain", "advance") else 0
    if adjective in ("worst", "weakest"):
        return -1 if noun in ("", "performance", "showing", "loss", "decline", "drop") else 0
    up = re.fullmatch(UP_NOUNS, noun)
    return 1 if up else -1 if re.fullmatch(DOWN_NOUNS, noun) else 0


def _since(written: str, week: date) -> tuple[date, date] | None:
    """The days "since …" names: a date's own week, a month or a year."""
    text = SPAN_WORDS.sub("", written.strip())
    found = when.find_dates(text, week)
    if len(found) == 1 and found[0][0].group(0) == text:
        day = found[0][1]
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    month = re.fullmatch(rf"(?P<m>{'|'.join(when.MONTHS)})(?:\s+(?P<y>\d{{4}}))?", text)
    if month:
        number = when.MONTHS.index(month.group("m")) + 1
        year = int(month.group("y") or week.year)
        if not month.group("y") and date(year, number, 1) > week:
            year -= 1
        end = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
        return date(year, number, 1), end
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return date(int(text), 1, 1), date(int(text), 12, 31)
    return None


READERS: tuple[Callable[[Context], Iterator[Claim]], ...] = (
    record_claims,
    threshold_claims,
    run_claims,
    versus_claims,
    best_week_claims,
)
SENTENCE_READERS = (rate_move_claims,)  # a decision's size may sit in another clause

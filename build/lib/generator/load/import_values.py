"""Numbers in import files, kept as written: decimal commas, thousands separators, ``$``, the
many ways of writing "no value", and float noise (``182.00999450683594`` → ``182.01``)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np

from generator.errors import DataError
from generator.load.files import quoted

MISSING = frozenset({"", ".", "-", "--", "null", "none", "nan", "na", "n/a", "#n/a", "nil"})
NOISE_DIGITS = 15  # significant digits no price is quoted with: a float's binary noise
FLOAT32_DECIMALS = 6  # a float32 printed in full has this many decimals or more
MAGNITUDE = 12  # no price or rate is written below 1e-12 or above 1e12

_POINT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d*)(\.\d*)?([eE][+-]?\d+)?$", re.ASCII)
_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d*)(,\d*)?([eE][+-]?\d+)?$", re.ASCII)


def decimal_mark(separator: str, cells: list[str]) -> str:
    """``,`` in a ``;``-separated file whose numbers hold commas (``2300,50``), else ``.``."""
    if separator == ";" and any("," in cell for cell in cells):
        return ","
    return "."


def is_missing(text: str) -> bool:
    return text.strip().lower() in MISSING


def value_text(path: Path, line: int, text: str, column: str, mark: str) -> str:
    """The number in ``text`` as plain decimal text (``1.1674`` stays ``1.1674``)."""
    plain = text.strip().removeprefix("$").replace(" ", "").replace("\u00a0", "")
    pattern = _COMMA if mark == "," else _POINT
    if not pattern.match(plain) or not any(c.isdigit() for c in plain):
        raise DataError(
            path,
            line,
            f"{column} {quoted(text)} is not a number",
            "write plain numbers such as 2590.61"
            + (" (this file uses decimal commas: 2590,61)" if mark == "," else ""),
        )
    grouping = "." if mark == "," else ","
    plain = plain.replace(grouping, "").replace(mark, ".")
    try:
        number = Decimal(plain)
    except InvalidOperation as exc:  # the pattern admits nothing Decimal refuses; kept safe
        raise DataError(path, line, f"{column} {quoted(text)} is not a number", "fix it") from exc
    if number and not -MAGNITUDE <= number.adjusted() <= MAGNITUDE:
        raise DataError(
            path,
            line,
            f"{column} {quoted(text)} is out of range (1e-{MAGNITUDE} to 1e{MAGNITUDE})",
            "check the file's units; write plain numbers such as 2590.61",
        )
    return _denoised(format(number, "f").lstrip("+"))


def _denoised(text: str) -> str:
    """A value written with float noise, as the short number it stands for: a float32 written
    out in full (Yahoo's ``6774.759765625``) is its shortest float32 form; other noise is
    rounded to 12 digits."""
    if not is_noisy(text):
        return text
    value = float(text)
    if float(np.float32(value)) == value:
        return _short32(value)
    return np.format_float_positional(value, precision=12, unique=True, fractional=False, trim="-")


def is_noisy(text: str) -> bool:
    """Too many digits for a quoted price, or a float32's exact binary value in full."""
    digits = text.strip().replace("-", "").replace("+", "")
    if len(digits.replace(".", "").lstrip("0")) >= NOISE_DIGITS:
        return True
    decimals = len(digits.partition(".")[2])
    try:
        value = float(digits)
    except ValueError:
        return False
    exact32 = decimals >= FLOAT32_DECIMALS and float(np.float32(value)) == value
    return exact32 and len(_short32(value)) < len(digits)


def _short32(value: float) -> str:
    return np.format_float_positional(np.float32(value), unique=True, trim="-")

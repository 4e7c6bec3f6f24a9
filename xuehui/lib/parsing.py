"""Tolerant parsers for what arrives in real spreadsheets.

Each parser takes one cell value (str, int, float, bool, date, datetime or None, as the
Excel and CSV readers give them) and returns a Python value, or raises ValueError with a
short Chinese reason that an import shows next to the row and the column. A blank cell
gives None: whether a blank is allowed is the caller's business (a required column).
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .text import compact, normalize

MIN_YEAR = 1900
MAX_YEAR = 2100
# Excel counts days from 1899-12-30 (it believes 1900 was a leap year, hence not 12-31).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers up to 2100-12-31; below 10000 (1927-05-18) a number is a year, a YYMM month
# (see parse_birth_month) or nonsense, never read as a serial.
_SERIAL_MAX = 73415

BLANKS = frozenset({"", "-", "—", "--", "/", "无数据", "none", "null", "nan"})


def _fold(text: str) -> str:
    """`text.normalize` for one str, fast for what is already plain (a parser runs per cell)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).replace("\u3000", " ")
    return text.strip()


def _squeeze(text: str) -> str:
    """`text.compact` for one str: folded, every white space removed."""
    text = _fold(text)
    return "".join(text.split()) if " " in text or "\t" in text or "\n" in text else text


def is_blank(value: object) -> bool:
    """A cell that holds nothing a person typed on purpose."""
    if value is None:
        return True
    if type(value) is str:
        stripped = value.strip()
        return len(stripped) <= 4 and _squeeze(stripped).lower() in BLANKS
    return False


def cell_text(value: object) -> str:
    """The text of a cell: numbers lose a spurious `.0`, spaces are trimmed, full-width folded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return _fold(value) if type(value) is str else normalize(value)


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class PartialDate:
    """A date as written: `month_only` when the cell gave only a year and a month."""

    date: dt.date
    month_only: bool = False
    year_only: bool = False

    @property
    def text(self) -> str:
        """As written back to a sheet: 1981, 1981.03 or 1981-03-14, so it reads back the same."""
        if self.year_only:
            return str(self.date.year)
        return f"{self.date:%Y.%m}" if self.month_only else f"{self.date:%Y-%m-%d}"


_DATE_PATTERNS = (
    # 1965年3月1日, 1965年3月, 1965年03月01号
    re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号]?)?$"),
    # 1965-03-01, 1965.3.1, 1965/3/1, 1965-03, 1965.3, 1965/03
    re.compile(r"^(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?$"),
    # 19650301, 196503
    re.compile(r"^(\d{4})(\d{2})(\d{2})?$"),
)


_TIME_OF_DAY = re.compile(r"[T ]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def _make_date(year: int, month: int, day: int | None) -> PartialDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"年份{year}不合理")
    if not 1 <= month <= 12:
        raise ValueError(f"月份{month}不存在")
    try:
        return PartialDate(dt.date(year, month, day or 1), month_only=day is None)
    except ValueError:
        raise ValueError(f"{year}年{month}月没有{day}日") from None


class AmbiguousDate(ValueError):
    """A number cell showing 1970.1: Excel drops the zero of 1970.10, so it may be January or
    October. `candidates` lists both; an ID number on the row may decide (see importing)."""

    def __init__(self, number: float, candidates: tuple[PartialDate, ...]):
        self.candidates = candidates
        text = repr(number)
        self.readings = tuple(f"{c.date.year}.{c.date.month:02d}" for c in candidates)
        super().__init__(f"Excel把{text}0存成了{text}，请把该列设为文本后重填")


def _date_from_number(number: float) -> PartialDate:
    if isinstance(number, float) and not number.is_integer():
        # 1965.03 or 1965.3 typed into a number cell: year.month.
        year_text, _, month_text = repr(number).partition(".")
        if len(year_text) == 4 and len(month_text) <= 2:
            if month_text == "1":
                year = int(year_text)
                raise AmbiguousDate(number, (_make_date(year, 1, None), _make_date(year, 10, None)))
            return _make_date(int(year_text), int(month_text), None)
        raise ValueError("无法识别的日期")
    whole = int(number)
    if 10_000_000 <= whole <= 99_999_999 or MIN_YEAR * 100 < whole <= MAX_YEAR * 100 + 12:
        return _date_text(str(whole))  # 19650301 or 196503 typed into a number cell
    if MIN_YEAR <= whole <= MAX_YEAR:
        raise ValueError("只有年份，请至少填写到月份（如1965.03）")
    if 10_000 <= whole <= _SERIAL_MAX:  # four digits are never a serial (6503 is no 1917)
        return PartialDate(EXCEL_EPOCH + dt.timedelta(days=whole))
    raise ValueError("无法识别的日期")


def _date_text(text: str) -> PartialDate:
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = match.groups()
            return _make_date(int(year), int(month), int(day) if day else None)
    if re.fullmatch(r"\d{4}年?", text):
        raise ValueError("只有年份，请至少填写到月份（如1965.03）")
    raise ValueError("无法识别的日期，请填写如1965.03、1965年3月或1965-03-01")


def parse_partial_date(value: object) -> PartialDate | None:
    """Read a date from an Excel date, an Excel serial number or text in any common form.

    `1965.03`, `1965.3`, `1965-03`, `1965年3月` give the 1st of the month (month_only);
    `1965年3月1日`, `1965/3/1`, `1965-03-01`, `19650301` give the day. Full-width digits work.
    """
    if is_blank(value):
        return None
    if type(value) is str:
        return _date_from_str(value)
    if isinstance(value, dt.datetime):
        return PartialDate(value.date())
    if isinstance(value, dt.date):
        return PartialDate(value)
    if isinstance(value, bool):
        raise ValueError("无法识别的日期")
    if isinstance(value, int | float):
        return _date_from_number(value)
    return _date_from_str(str(value))


_AGE_NOTE = re.compile(r"\(\d{1,3}岁\)$")


def _date_from_str(value: str) -> PartialDate:
    text = _fold(value)
    if ":" in text:
        text = _TIME_OF_DAY.sub("", text)
    text = _squeeze(text).rstrip("。")
    if "岁" in text:  # 1965.03（61岁）, also on two lines
        text = _AGE_NOTE.sub("", text)
    try:
        number = float(text)
    except ValueError:
        return _date_text(text)
    # A CSV gives text: "1965.03" must keep its zero, so only whole numbers go the number way.
    if "." in text:
        return _date_text(text)
    return _date_from_number(number) if len(text) != 6 else _date_text(text)


_YYMM = re.compile(r"^(\d{2})(?:\.(\d{1,2})|(\d{2}))$")


def parse_birth_month(value: object, *, today: dt.date | None = None) -> PartialDate | None:
    """A birth month, which may also be written with a two-digit year as some forms ask:
    6503 or 65.03 is 1965-03 when only one century gives an age of 16 to 100; otherwise the
    reading is refused with the reason. Anything else reads as `parse_partial_date`."""
    if is_blank(value) or isinstance(value, bool | dt.date):
        return parse_partial_date(value)
    if isinstance(value, int | float):
        text = f"{int(value):04d}" if float(value).is_integer() else repr(float(value))
    else:
        text = _squeeze(_AGE_NOTE.sub("", _fold(str(value))))
    match = _YYMM.match(text) if isinstance(value, str) or len(text) <= 5 else None
    if match is None:
        return parse_partial_date(value)
    if isinstance(value, float) and text.partition(".")[2] == "1":  # 65.1 or 65.10?
        raise ValueError(
            f"“{text}”可能是{text}也可能是{text}0（Excel会去掉末尾的0），"
            "请把该列设为文本后按1965.03填写"
        )
    month = int(match[2] or match[3])
    if month > 12 and text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return parse_partial_date(value)  # 1981: a year alone, said so
    return _two_digit_year(int(match[1]), month, text, today or dt.date.today())


def _two_digit_year(short: int, month: int, text: str, today: dt.date) -> PartialDate:
    if not 1 <= month <= 12:
        raise ValueError(f"“{text}”：月份{month}不存在")
    years = [c * 100 + short for c in (19, 20) if 16 <= today.year - (c * 100 + short) <= 100]
    if not years:
        raise ValueError(f"“{text}”不是合理的出生年月，请填写四位年份和月份（如1965.03）")
    if len(years) > 1:
        raise ValueError(f"“{text}”无法判断是19{short:02d}年还是20{short:02d}年，请填写四位年份")
    return _make_date(years[0], month, None)


_YEAR_ALONE = re.compile(r"^(\d{4})年?$")


def parse_year_or_date(value: object) -> PartialDate | None:
    """A date that may be known only to its year (成立日期 "1981", "2003年"): the year is kept
    as such (year_only, stored as 1 January with its precision), never given a month."""
    if not is_blank(value) and isinstance(value, int | float | str) and not isinstance(value, bool):
        text = cell_text(value)
        match = _YEAR_ALONE.match(_squeeze(text))
        if match:
            return PartialDate(_make_date(int(match[1]), 1, 1).date, year_only=True)
    return parse_partial_date(value)


def parse_date(value: object) -> dt.date | None:
    """`parse_partial_date` without the precision: a month alone means its 1st day."""
    parsed = parse_partial_date(value)
    return parsed.date if parsed else None


# ---------------------------------------------------------------- yes / no

_TRUE = frozenset(
    {
        "是",
        "√",
        "✓",
        "✔",
        "☑",
        "y",
        "yes",
        "true",
        "t",
        "1",
        "有",
        "对",
        "是的",
        "一线",
        "已参保",
        "已缴纳",
    }
)
_FALSE = frozenset(
    {
        "否",
        "×",
        "✗",
        "✘",
        "x",
        "☐",
        "n",
        "no",
        "false",
        "f",
        "0",
        "无",
        "不是",
        "非",
        "非一线",
        "未参保",
        "未缴纳",
    }
)
_NOTED = re.compile(r"^(?P<word>[^()]+?)\((?P<note>[^()]*)\)$")


def parse_bool_note(value: object) -> tuple[bool | None, str]:
    """Yes or no and the note written with it: "是（高校教师）" gives (True, "高校教师"),
    "否（退休）" (False, "退休"), a plain 是/否/√/× an empty note; a blank cell (None, "")."""
    if type(value) is str:
        noted = _noted_answer(_squeeze(value))
        if noted is not None:
            return noted
    return parse_bool(value), ""


def _noted_answer(text: str) -> tuple[bool, str] | None:
    match = _NOTED.match(text.replace("（", "(").replace("）", ")"))
    if match is None or match["word"].lower() not in _TRUE | _FALSE:
        return None
    return match["word"].lower() in _TRUE, match["note"].strip()


UNKNOWN_WORDS = frozenset({"未填", "未填写", "不详", "未知"})


def parse_trait(value: object) -> bool | None:
    """是/否 and the like for a person's trait; blank, 未填 or 不详 is unknown (None), not 否."""
    if compact(value) in UNKNOWN_WORDS:
        return None
    return parse_bool(value)


def trait_text(value: bool | None) -> str:
    """What an export writes for a yes/no trait, so that it imports back the same."""
    return "未填" if value is None else ("是" if value else "否")


def parse_bool(value: object) -> bool | None:
    """是/否/√/×/✓/✗/Y/N/yes/no/true/false/1/0/有/无/一线/非一线, also with a note in brackets
    (是（高校教师）, see `parse_bool_note`); a blank cell gives None."""
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _squeeze(str(value)).lower()
    if text in BLANKS or text == "空":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    noted = _noted_answer(text) if text.endswith((")", "）")) else None
    if noted is not None:
        return noted[0]
    raise ValueError(f"应填写“是”或“否”，而不是“{cell_text(value)}”")


# ---------------------------------------------------------------- numbers

AREA_UNITS = ("平方米", "平米", "m2", "平方", "平")  # NFKC turns ㎡ and m² into m2
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _number_text(value: object, units: Iterable[str]) -> str:
    text = compact(value).replace("，", ",")
    lowered = text.lower()
    for unit in sorted(units, key=len, reverse=True):
        if lowered.endswith(unit.lower()):
            text = text[: -len(unit)]
            break
    if "," in text:
        if not _THOUSANDS.match(text):
            raise ValueError(f"“{cell_text(value)}”不是数字")
        text = text.replace(",", "")
    return text


def parse_decimal(value: object, *, units: Iterable[str] = ()) -> Decimal | None:
    """A number such as `1,234.5`; `units` lists suffixes to drop (AREA_UNITS for 25㎡)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("应填写数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _number_text(value, units)
    if not _PLAIN_NUMBER.match(text):
        raise ValueError(f"“{cell_text(value)}”不是数字")
    return Decimal(text)


def parse_area(value: object) -> Decimal | None:
    """An area in square metres: `25`, `25㎡`, `25平方米`, `1,200平米`."""
    number = parse_decimal(value, units=AREA_UNITS)
    if number is not None and number < 0:
        raise ValueError("面积不能为负数")
    return number


def parse_int(value: object, *, units: Iterable[str] = ()) -> int | None:
    """A whole number such as `3`, `3.0` or `1,234`."""
    number = parse_decimal(value, units=units)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(f"应填写整数，而不是“{cell_text(value)}”")
    return int(number)


# ---------------------------------------------------------------- text and choices


def parse_text(value: object) -> str:
    """Trimmed text as the person typed it (full-width brackets in 中国地质大学（武汉） stay: they
    are the text, not noise); numbers lose a spurious `.0`; a blank cell gives ''."""
    if type(value) is str:
        text = value.replace("\u3000", " ").strip()
        return "" if len(text) <= 4 and _squeeze(text).lower() in BLANKS else text
    return "" if value is None else cell_text(value)


def parse_identifier(value: object) -> str:
    """A number or code typed by hand (member number, document number): width-folded, no
    spaces, upper-case, so ＨＢ００１, hb 001 and HB001 are one identifier."""
    text = parse_text(value)
    return _squeeze(text).upper() if text else ""


def choice_parser(
    choices, *, synonyms: Mapping[str, str] | None = None, what: str = ""
) -> Callable[[object], str | None]:
    """A parser mapping a Chinese label (or a synonym, or the English value) to a choice value."""
    table: dict[str, str] = {}
    for value, label in choices.choices:
        table[compact(label).lower()] = value
        table[compact(value).lower()] = value
    for text, value in (synonyms or {}).items():
        table[compact(text).lower()] = value
    labels = "、".join(str(label) for _, label in choices.choices)

    def parse(value: object) -> str | None:
        if is_blank(value):
            return None
        found = table.get(compact(value).lower())
        if found is None:
            raise ValueError(f"{what or '取值'}“{cell_text(value)}”无法识别，可填写：{labels}")
        return found

    return parse


# ---------------------------------------------------------------- headers

_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})


def normalize_header(value: object) -> str:
    """The comparable form of a header cell: no spaces, `（）`/`【】` as `()`, no `*` or `：`.

    `' 出生年月 * '`, `'*出生年月'`, `'出生年月：'` all give `'出生年月'`;
    `'退（离）休领导干部'` gives `'退(离)休领导干部'`.
    """
    text = compact(value).translate(_BRACKETS)
    text = text.strip("*※:")
    return text.strip()


def header_variants(value: object) -> tuple[str, ...]:
    """Keys a header may match by: itself, without a trailing note `(yyyy.mm)`, without brackets."""
    text = normalize_header(value)
    variants = [text]
    stripped = re.sub(r"\([^()]*\)$", "", text).strip("*:")
    if stripped and stripped not in variants:
        variants.append(stripped)
    bare = text.replace("(", "").replace(")", "")
    if bare not in variants:
        variants.append(bare)
    for variant in list(variants):  # 是否专职 = 专职
        if variant.startswith("是否") and len(variant) > 2 and variant[2:] not in variants:
            variants.append(variant[2:])
    return tuple(variants)

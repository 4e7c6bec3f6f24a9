"""Validators for the unified social credit code (GB 32100-2015) and the resident ID number
(GB 11643-1999), and the masking of personal information for display and export."""

import datetime as dt
import operator
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .parsing import parse_text
from .text import compact

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECKS = "10X98765432"
_LAST_CHARS = frozenset("0123456789X")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def normalize_uscc(value: object) -> str:
    return compact(value).upper()


def validate_uscc(value: object) -> str:
    """Return the normalised code, or raise a ValidationError that says what is wrong."""
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，实际为{len(code)}位", code="uscc_length")
    bad = sorted({c for c in code if c not in USCC_CHARSET})
    if bad:
        raise ValidationError(
            f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用I、O、Z、S、V）",
            code="uscc_charset",
        )
    if not code[2:8].isdigit():
        raise ValidationError("统一社会信用代码第3至8位应为行政区划码（数字）", code="uscc_region")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError("统一社会信用代码校验位不正确，请核对后重新填写", code="uscc_check")
    return code


def id_check_char(first17: str) -> str:
    if len(first17) != len(ID_WEIGHTS):
        raise ValueError("first17 must have 17 characters")
    return ID_CHECKS[sum(map(operator.mul, map(int, first17), ID_WEIGHTS)) % 11]


def normalize_id_number(value: object) -> str:
    if (  # already normal (an import's column parser normalised it)
        type(value) is str
        and len(value) == 18
        and value.isascii()
        and value[:17].isdigit()
        and value[17] in _LAST_CHARS
    ):
        return value
    text = compact(value).upper()
    if text.endswith(".0") and text[:-2].isdigit():  # a number cell read as float
        text = text[:-2]
    return text


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: dt.date
    is_male: bool


def parse_id_number(value: object, *, today: dt.date | None = None) -> IdNumberInfo:
    """Validate an 18-character ID number and read the birth date and gender it holds."""
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(f"身份证号码应为18位，实际为{len(number)}位", code="id_length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("身份证号码前17位应为数字，末位为数字或X", code="id_charset")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError("身份证号码中的出生日期不存在", code="id_birth") from None
    if birth.year < 1900 or birth > (today or dt.date.today()):
        raise ValidationError("身份证号码中的出生日期不合理", code="id_birth")
    if number[17] != id_check_char(number[:17]):
        raise ValidationError("身份证号码校验位不正确，请核对后重新填写", code="id_check")
    return IdNumberInfo(number=number, birth_date=birth, is_male=int(number[16]) % 2 == 1)


ID_AS_NUMBER = (
    "身份证号码被保存成了数字，Excel只保留15位有效数字，末尾几位已丢失；"
    "请把该列设为“文本”格式后重新填写完整号码"
)
ID_AS_EXPONENT = "身份证号码显示为科学计数法，末尾几位已丢失；请把该列设为“文本”格式后重新填写"


_EXPONENT = re.compile(r"\d(\.\d+)?E\+\d+")


def id_cell_text(value: object) -> str:
    """The text of a spreadsheet cell holding an ID number, refusing (ValueError) the cells
    Excel has already damaged: a number past 15 digits, or its 4.20106E+17 display."""
    if isinstance(value, float) and value >= 1e15:
        raise ValueError(ID_AS_NUMBER)
    text = parse_text(value).lstrip("'‘’")
    if "+" in text and _EXPONENT.fullmatch(text.upper()):
        raise ValueError(ID_AS_EXPONENT)
    return text


def reconcile_id_number(
    value: object, *, birth_date: dt.date | None, is_male: bool | None
) -> IdNumberInfo:
    """The ID number's facts, once the birth date and sex recorded beside it agree with them.

    A blank birth date or sex takes the number's. A birth date on the 1st agrees with any day
    of the number's month (a month written 1965.03 is stored as 1965-03-01). Disagreement is a
    ValidationError keyed by the field at fault (id_number, birth_date or gender).
    """
    try:
        info = parse_id_number(value)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    born = info.birth_date
    if birth_date and birth_date != born:
        same_month = (birth_date.year, birth_date.month) == (born.year, born.month)
        if not (same_month and birth_date.day == 1):
            raise ValidationError(
                {"birth_date": f"出生日期与身份证号码不符（身份证为{born:%Y-%m-%d}）"}
            )
    if is_male is not None and is_male != info.is_male:
        sex = "男" if info.is_male else "女"
        raise ValidationError({"gender": f"性别与身份证号码不符（身份证为{sex}）"})
    return info


def mask_id_number(value: str) -> str:
    """420***********1234: the region's first three and the last four characters stay."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """138****1234 for a mobile number; other numbers keep only their last four digits."""
    digits = compact(value)
    if not digits:
        return ""
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


# Phone numbers: a mainland mobile number (11 digits starting 1), a landline with its area code
# (0 + 2–3 digits, then 7–8 digits) and an optional extension (转/分机/-/ext), or a 400/800
# service number; optionally with +86. Spaces, hyphens and brackets around the area code are
# allowed as written; several numbers may be separated by 、，,；;/ .
_MOBILE = r"1[3-9]\d[- ]?\d{4}[- ]?\d{4}"
_LANDLINE = r"(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[- ]?[2-9]\d{2,3}[- ]?\d{4}"
_SERVICE = r"[48]00[- ]?\d{3}[- ]?\d{4}"
_EXTENSION = r"(?:\s*(?:转|分机|-|ext\.?|x|#)\s*\d{1,6})?"
_ONE_PHONE = re.compile(
    rf"(?:(?:\+|00)86[- ]?)?(?:{_MOBILE}|(?:{_LANDLINE}|{_SERVICE}){_EXTENSION})", re.IGNORECASE
)
_PHONE_SEPARATORS = re.compile(r"\s*[、，,；;/]\s*")
_MOBILE_IN_TEXT = re.compile(rf"(?<!\d)(?:(?:\+|00)86[- ]?)?{_MOBILE}(?!\d)")


def mask_mobiles(value: str) -> str:
    """A society's contact numbers with every mobile number in them masked (138****1234): an
    office number is the organisation's and stays; a mobile is a person's."""
    return _MOBILE_IN_TEXT.sub(
        lambda m: mask_phone(re.sub(r"\D", "", m.group())[-11:]), value or ""
    )


PHONE_ERROR = (
    "请填写有效的电话号码：手机号码（11位，如 13812345678）或带区号的固话（如 027-87654321，"
    "可加分机“转801”）；多个号码用顿号分隔"
)


def phone_is_valid(value: str) -> bool:
    parts = _PHONE_SEPARATORS.split(value.strip())
    return all(_ONE_PHONE.fullmatch(part.replace("－", "-")) for part in parts)


def validate_phone(value: str) -> None:
    """Model and form field validator; an empty value is left to `blank`."""
    if value and not phone_is_valid(value):
        raise ValidationError(PHONE_ERROR, code="invalid_phone")


# A masked export (see `mask_id_number`, `mask_phone`) shows a hidden character as a star. An
# import reads such a cell as "the number already stored", never as a number to store: it
# keeps the stored person's full value when that value masks to the cell, else refuses the row.
MASKED_ID_NUMBER = "身份证号为脱敏显示，无法核对，请填写完整号码"
MASKED_PHONE = "联系电话为脱敏显示，无法核对，请填写完整号码"


def is_masked(value: object) -> bool:
    """A cell as a masked export shows it (420***********1234, 138****1234)."""
    return isinstance(value, str) and ("*" in value or "＊" in value)


def unmasked_id_number(cell: object, stored: str) -> str | None:
    """The stored ID number if the masked `cell` shows it, else None."""
    return stored if stored and mask_id_number(stored) == _masked_text(cell) else None


def unmasked_phone(cell: object, stored: str) -> str | None:
    """The stored phone if the masked `cell` shows it, else None."""
    return stored if stored and mask_phone(stored) == _masked_text(cell) else None


def _masked_text(cell: object) -> str:
    return compact(cell).replace("＊", "*").upper()

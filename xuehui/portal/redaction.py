"""What a public page may print of a free text or a phone field: no links, and nothing that
looks like personal data (an ID number, a mobile number, an e-mail address, a full date of
the last century), whatever a
society or a visitor typed. Pure functions; the portal's templates call them as filters."""

import re

# An ID number: 18 characters (region, birth date, sequence, check) or the old 15 digits.
_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z])\d{{6}}(?:(?:18|19|20)\d{{2}}{_DAY}\d{{3}}[\dXx]|\d{{2}}{_DAY}\d{{3}})"
    r"(?![0-9A-Za-z])"
)
# A full date of the last century in a free text reads as someone's birth date: hidden.
_OLD_DATE = re.compile(
    r"(?<!\d)19\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?!\d)"
)
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
# Links end at the first character that is not printable ASCII (a Chinese comma, say).
_LINK = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[!-~]+"
    r"|(?<![A-Za-z0-9])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|info|io|cc)"
    r"(?![A-Za-z0-9])[!-~]*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SEPARATORS = re.compile(r"\s*[、，,；;/]\s*")

LINK_REMOVED = "［链接已删除］"
HIDDEN = "［已隐去］"


def public_text(value: str) -> str:
    """The text with links and personal numbers replaced; the template escapes the rest."""
    text = _LINK.sub(LINK_REMOVED, _EMAIL.sub(HIDDEN, str(value or "")))
    return _OLD_DATE.sub(HIDDEN, _MOBILE.sub(HIDDEN, _ID_NUMBER.sub(HIDDEN, text)))


def public_phone(value: str) -> str:
    """A society's office numbers without any mobile number (a mobile is a person's)."""
    parts = [p for p in _SEPARATORS.split(value or "") if p.strip()]
    return "、".join(p for p in parts if not _MOBILE.search(p))

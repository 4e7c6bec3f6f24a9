"""Text normalisation for what people type and paste: full-width forms, stray spaces."""

import functools
import re
import unicodedata


def normalize(value: object) -> str:
    """Half-width, trimmed text; NFKC turns full-width letters, digits and brackets half-width."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return text.replace("\u3000", " ").strip()


def display_width(value: object) -> int:
    """Columns the text takes in a spreadsheet or a terminal: Chinese (East Asian wide and
    full-width) characters count two, others one; the widest line of a multi-line cell."""
    lines = str(value).splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines
    )


def compact(value: object) -> str:
    """`normalize` with every kind of white space removed (for codes, headers and numbers)."""
    return "".join(normalize(value).split())


UTF16_REFUSED = "文件编码为UTF-16，请另存为UTF-8或GBK编码的CSV，或使用Excel文件"


def utf16_encoding(data: bytes) -> str | None:
    """The codec of UTF-16 text, with its byte-order mark or without one, else None.

    Without a mark the text is recognised by its zero bytes: UTF-8 and GBK text has none,
    while in UTF-16 every ASCII character (digits, commas, line ends, which a table always
    has) is a zero byte beside a non-zero one, the zero first in big-endian order. A few
    Chinese characters have a zero byte too (一 is U+4E00), on the other side, so the side
    with more zeros decides; decoding then tells whether it really is UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    end = len(sample) // 2 * 2
    even, odd = sample[0:end:2].count(0), sample[1:end:2].count(0)
    if even == odd == 0:
        return None
    return "utf-16-le" if odd >= even else "utf-16-be"


def pinyin_keys(text: str) -> tuple[str, str]:
    """A Chinese name's full pinyin without tones and its initials, lower case, for sorting as
    a Chinese reader expects and for searching by initials (湖北省环境科学学会 → hubeisheng…,
    hbshjkxxh). Latin letters and digits stay as they are; other characters are dropped."""
    from pypinyin import Style, lazy_pinyin

    def keep(chars: str) -> str:
        return "".join(c.lower() for c in chars if c.isascii() and c.isalnum())

    full = lazy_pinyin(text, errors=keep)
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=keep)
    return "".join(full), "".join(initials)


# Surnames read otherwise than the character's everyday reading (曾 ceng → zeng as a surname).
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "覃": "qin", "盖": "ge", "乐": "yue", "缪": "miao", "尉": "yu", "召": "shao", "员": "yun",
    "种": "chong", "繁": "po", "秘": "bi", "长": "chang", "重": "chong", "翟": "zhai", "宁": "ning",
}  # fmt: skip


@functools.cache
def _char_pinyin(char: str) -> str:
    from pypinyin import lazy_pinyin

    if char.isascii():
        return char.lower() if char.isalnum() else ""
    return "".join(lazy_pinyin(char, errors=lambda _: ""))


def person_name_keys(name: str) -> tuple[str, str]:
    """A person's name as pinyin and initials, character by character with
    the surname's own reading (曾 zeng, 单 shan): fast enough for a 100,000-row register, where
    `pinyin_keys`' phrase matching is not needed."""
    syllables = []
    for position, char in enumerate(name.strip()):
        reading = SURNAME_READINGS.get(char) if position == 0 else None
        syllables.append(reading or _char_pinyin(char))
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


_FRACTION = re.compile(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_INLINE_MATH = re.compile(r"\$\s*([^$]*?)\s*\$")


def plain_formula(text: str) -> str:
    """A quoted clause's TeX as a reader writes it: ``$\\frac{3}{4}$`` → ``3/4``."""
    if "$" not in text and "\\" not in text:
        return text
    return _INLINE_MATH.sub(r"\1", _FRACTION.sub(r"\1/\2", text))

"""Text normalisation for what people type and paste: full-width forms, stray spaces."""

import unicodedata


def normalize(value: object) -> str:
    """Half-width, trimmed text; NFKC turns full-width letters, digits and brackets half-width."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return text.replace("\u3000", " ").strip()


def compact(value: object) -> str:
    """`normalize` with every kind of white space removed (for codes, headers and numbers)."""
    return "".join(normalize(value).split())

"""Synthetic but valid identifiers: unified social credit codes, ID numbers, phone numbers
and names, each drawn from a given generator so that a run repeats exactly."""

import datetime as dt
import random

from xuehui.lib.dates import add_years
from xuehui.lib.identifiers import id_check_char, uscc_check_char

from . import pools

# 9–17 of a code issued by a civil-affairs bureau start with MJ; the third letter (all of
# these are in the code's character set) keeps demo codes apart from the factories' digits.
_ORG_LETTERS = "ABCDEFGH"


def society_uscc(rng: random.Random, region: str, taken: set[str]) -> str:
    """51 (社会团体 registered by civil affairs) + region + MJ… + check character."""
    while True:
        body = "MJ" + rng.choice(_ORG_LETTERS) + "".join(rng.choice("0123456789") for _ in range(6))
        first17 = f"51{region}{body}"
        code = first17 + uscc_check_char(first17)
        if code not in taken:
            taken.add(code)
            return code


def id_number(rng: random.Random, birth: dt.date, *, male: bool, taken: set[str]) -> str:
    """An 18-character ID number for the birth date, odd 17th digit for men."""
    region = (
        rng.choice(pools.HUBEI_REGIONS) if rng.random() < 0.92 else rng.choice(pools.OTHER_REGIONS)
    )
    while True:
        order = rng.randrange(0, 500) * 2 + (1 if male else 0)
        first17 = f"{region}{birth:%Y%m%d}{order:03d}"
        number = first17 + id_check_char(first17)
        if number not in taken:
            taken.add(number)
            return number


def person_name(rng: random.Random, *, male: bool) -> str:
    # Earlier surnames are the common ones: a triangular draw favours them.
    surname = pools.SURNAMES[int(rng.triangular(0, len(pools.SURNAMES), 0))]
    own = pools.MALE_GIVEN if male else pools.FEMALE_GIVEN
    first = rng.choice(own + pools.NEUTRAL_GIVEN)
    if rng.random() < 0.3:
        return surname + first
    return surname + first + rng.choice(own)


def mobile(rng: random.Random) -> str:
    return rng.choice(pools.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def office_phone(rng: random.Random, area: str) -> str:
    digits = 8 if area == "027" else 7
    first = rng.choice("5678")
    return f"{area}-{first}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"


def birth_for_age(rng: random.Random, age: int, on: dt.date) -> dt.date:
    """A birth date on which someone is exactly `age` (周岁) on `on`."""
    latest = add_years(on, -age)
    span = (latest - add_years(on, -age - 1)).days
    return latest - dt.timedelta(days=rng.randrange(span))

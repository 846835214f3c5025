"""Personal data in free text: ID numbers people type into descriptions and notes, masked where kept or shown."""

import re

# A mainland resident ID number: 6 digits of region, 8 of birth date, 3 of sequence, a check digit or X.
ID_NUMBER_RE = re.compile(r"(?<![0-9])([1-9][0-9]{5})([12][0-9]{7})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
MOBILE_IN_TEXT_RE = re.compile(r"(?<![0-9])(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])")


def mask_id_numbers(text: str) -> str:
    """110101199003071234 → 110101********1234: the region and the last four stay, the birth date goes."""
    return ID_NUMBER_RE.sub(lambda m: f"{m.group(1)}********{m.group(3)}", text)


def remove_identifiers(text: str) -> str:
    """Past retention: ID numbers and mobile numbers typed into free text are removed outright."""
    text = ID_NUMBER_RE.sub("[身份证号已删除]", text)
    return MOBILE_IN_TEXT_RE.sub("[手机号已删除]", text)

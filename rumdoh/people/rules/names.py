"""Name normalisation and search keys for romanised Khmer and other names (pure).

Khmer names are romanised inconsistently: Sok/Sokh, Chan/Chann/Chhan, Sreymom/Srey Mom,
Srey/Srei. ``phonetic`` folds such variants to one key so that a search for one spelling finds the
others; the keys are then blinded (HMAC) before they are stored, so the index reveals no name.
"""

from __future__ import annotations

import re
import unicodedata

_LATIN_WORD = re.compile(r"[a-z]+")
_ASPIRATED = re.compile(r"([bcdgkpst])h")
_DOUBLE = re.compile(r"(.)\1+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)


def is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def fold_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phonetic(word: str) -> str:
    """One key for the common romanisation variants of a Latin-script name word."""
    key = fold_latin(word)
    key = "".join(_LATIN_WORD.findall(key))
    previous = None
    while previous != key:  # kh→k, chh→ch→c, th→t, ph→p, sh→s
        previous, key = key, _ASPIRATED.sub(r"\1", key)
    key = key.replace("ey", "ei").replace("ay", "ai").replace("oeu", "eu")
    key = key.replace("ou", "o").replace("uo", "o").replace("ea", "e")
    key = re.sub(r"y$", "i", key)
    key = _DOUBLE.sub(r"\1", key)  # nn→n, mm→m
    return key


def khmer_token(word: str) -> str:
    return unicodedata.normalize("NFC", word).translate(_INVISIBLE).strip()


def name_tokens(*names: str) -> list[str]:
    """The words of the given names, each reduced to its search key."""
    tokens: list[str] = []
    for name in names:
        for word in re.split(r"[\s,.\-'/]+", name or ""):
            if not word:
                continue
            key = phonetic(word) if is_latin(word) else khmer_token(word)
            if key:
                tokens.append(key)
    return tokens


def search_keys(*names: str) -> set[str]:
    """Keys stored for a person: each word and each name joined ("Srey Mom" == "Sreymom")."""
    keys = set(name_tokens(*names))
    for name in names:
        words = name_tokens(name)
        if len(words) > 1:
            keys.add("".join(words))
    return keys


def segmentations(words: list[str], limit: int = 5) -> list[list[str]]:
    """Every way to join neighbouring words ("srei mom" may be stored as "sreimom").

    Queries longer than ``limit`` words are taken as they are.
    """
    if len(words) <= 1 or len(words) > limit:
        return [words]
    result: list[list[str]] = []
    for mask in range(1 << (len(words) - 1)):
        parts = [words[0]]
        for i, word in enumerate(words[1:]):
            if mask >> i & 1:
                parts[-1] += word
            else:
                parts.append(word)
        result.append(parts)
    return result


# What a phone number is written with: digits, and the spaces, plus sign, dashes, dots, slashes
# and brackets people put between them; from 6 digits (a local number) to 15 (ITU E.164).
PHONE_SIGNS = frozenset("0123456789 +-()./")
PHONE_DIGITS = (6, 15)


def is_phone(text: str) -> bool:
    """Whether ``text`` is a phone number: "012 345 678", "+855 (0)12-345-678". A note ("call
    her aunt") is not: it would never be found by a phone search, which reads the digits."""
    digits = sum(ch.isdigit() for ch in text)
    low, high = PHONE_DIGITS
    return set(text) <= PHONE_SIGNS and low <= digits <= high


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("855"):
        digits = digits[3:]
    return digits.lstrip("0")


def normalise_document(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (number or "").upper())

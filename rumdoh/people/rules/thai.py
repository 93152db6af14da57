"""Thai script in Latin letters, by the Royal Thai General System of Transcription (pure).

Thai deportation lists write Cambodian names in Thai script (สรีมม or ศรีมม for Sreymom, จันทร์
for Chan, โสภา for Sophea, สุข for Sok). ``romanise`` writes Thai text in RTGS:

- each consonant has an initial and a final value (ข kh/k, จ ch/t, ร r/n, ...); ห before a low
  sonorant (หม, หน, หล, หว, หญ) and อ before ย only mark the tone and are not written;
- a vowel may be written before its consonant (เ แ โ ใ ไ) and is read after it; vowels combine
  (เ-ีย ia, เ-ือ uea, -ัว ua, เ-า ao, -าย ai, ไ-ย ai, ...);
- a consonant carrying the thanthakhat (์) is silent, and so is a bare consonant before it that
  follows a final (จันทร์ chan); an r ending a word after a final is silent too (มิตร mit);
- tone marks are dropped;
- a consonant without a written vowel takes the inherent vowel: o between it and a final (มม
  mom, กง kong), a where the syllable is open (ณ na); รร reads an (วรรณ wan).

``romanise_name`` reads a Cambodian name the way its Thai spelling was chosen to render the Khmer:
a final letter keeps the Khmer value it stands for where Thai would say it otherwise (ล l, not n:
โกสัล Kosal; ส ศ ษ s: เมียส Meas; จ ช ฉ ch: ทุจ Touch; ว v: แก้ว Kaev), ศร and สร keep their r
(ศรี Srey), ญ begins a syllable as nh (ปัญญา Panha), เ-ือ is the Khmer ឿ (เรือน Roeun), and า
after ภ, พ, ธ, ช or ค — Thai's equivalents of the Khmer second-series consonants — reads ea, as
ា does after them in Khmer (โสภา Sophea, ธารี Theary). The result is
meant for ``romanisation.fold``, which folds Latin spellings together; it is not a spelling to
show anyone.
"""

from __future__ import annotations

import re

__all__ = ["THAI", "has_thai", "romanise", "romanise_name"]

THAI = re.compile(r"[\u0e01-\u0e5b]+")

# Consonant: (initial, final) in RTGS; "" where Thai never closes a syllable with it.
_CONSONANTS: dict[str, tuple[str, str]] = {
    "ก": ("k", "k"),
    "ข": ("kh", "k"),
    "ฃ": ("kh", "k"),
    "ค": ("kh", "k"),
    "ฅ": ("kh", "k"),
    "ฆ": ("kh", "k"),
    "ง": ("ng", "ng"),
    "จ": ("ch", "t"),
    "ฉ": ("ch", "t"),
    "ช": ("ch", "t"),
    "ซ": ("s", "t"),
    "ฌ": ("ch", "t"),
    "ญ": ("y", "n"),
    "ฎ": ("d", "t"),
    "ฏ": ("t", "t"),
    "ฐ": ("th", "t"),
    "ฑ": ("th", "t"),
    "ฒ": ("th", "t"),
    "ณ": ("n", "n"),
    "ด": ("d", "t"),
    "ต": ("t", "t"),
    "ถ": ("th", "t"),
    "ท": ("th", "t"),
    "ธ": ("th", "t"),
    "น": ("n", "n"),
    "บ": ("b", "p"),
    "ป": ("p", "p"),
    "ผ": ("ph", "p"),
    "ฝ": ("f", "p"),
    "พ": ("ph", "p"),
    "ฟ": ("f", "p"),
    "ภ": ("ph", "p"),
    "ม": ("m", "m"),
    "ย": ("y", "i"),
    "ร": ("r", "n"),
    "ล": ("l", "n"),
    "ว": ("w", "o"),
    "ศ": ("s", "t"),
    "ษ": ("s", "t"),
    "ส": ("s", "t"),
    "ห": ("h", ""),
    "ฬ": ("l", "n"),
    "อ": ("", ""),
    "ฮ": ("h", ""),
}
# Finals a Cambodian name's Thai spelling writes for the Khmer final, not for Thai's sound.
_NAME_FINALS = {"ล": "l", "ฬ": "l", "ส": "s", "ศ": "s", "ษ": "s", "จ": "ch", "ช": "ch"}
_NAME_FINALS |= {"ฉ": "ch", "ว": "v", "ร": "r"}
_EA_AFTER = frozenset("ภพธชค")  # Khmer second-series equivalents: ា reads ea after them

_LEADING = "เแโใไ"
_ABOVE_BELOW = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"  # ั ิ ี ึ ื ุ ู ็
_FOLLOWING = "ะาำ"
_TONES = re.compile("[\u0e48-\u0e4b\u0e4d\u0e4e\u0e46\u0e2f\u0e3a]")  # ่ ้ ๊ ๋, ํ ๎ ๆ ฯ ฺ
_THANTHAKHAT = "\u0e4c"
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SILENT_H_BEFORE = frozenset("งญนมยรลว")
_CLUSTER_FIRST = frozenset("กขคปผพตศสบฟด")
_CLUSTER_SECOND = frozenset("รลว")

# Vowel patterns after the initial consonant, longest first: (leading vowel, written after the
# consonant, reading, whether a final consonant may follow). "F" stands for a final consonant
# that must be there.
_PATTERNS: tuple[tuple[str, str, str, bool], ...] = (
    ("เ", "ียะ", "ia", False),
    ("เ", "ียว", "iao", False),
    ("เ", "ีย", "ia", True),
    ("เ", "ือะ", "uea", False),
    ("เ", "ือย", "ueai", False),
    ("เ", "ือ", "uea", True),
    ("เ", "าะ", "o", False),
    ("เ", "า", "ao", False),
    ("เ", "อะ", "oe", False),
    ("เ", "อ", "oe", False),
    ("เ", "ิ", "oe", True),
    ("เ", "ย", "oei", False),
    ("เ", "็", "e", True),
    ("เ", "ะ", "e", False),
    ("เ", "ว", "eo", False),
    ("เ", "", "e", True),
    ("แ", "็", "ae", True),
    ("แ", "ะ", "ae", False),
    ("แ", "ว", "aeo", False),
    ("แ", "", "ae", True),
    ("โ", "ะ", "o", False),
    ("โ", "ย", "oi", False),
    ("โ", "", "o", True),
    ("ไ", "ย", "ai", False),
    ("ไ", "", "ai", False),
    ("ใ", "", "ai", False),
    ("", "ัวะ", "ua", False),
    ("", "ัว", "ua", True),
    ("", "ัย", "ai", False),
    ("", "ั", "a", True),
    ("", "ำ", "am", False),
    ("", "ะ", "a", False),
    ("", "าย", "ai", False),
    ("", "าว", "ao", False),
    ("", "า", "a", True),
    ("", "ิว", "io", False),
    ("", "ิ", "i", True),
    ("", "ี", "i", True),
    ("", "ึ", "ue", True),
    ("", "ือ", "ue", True),
    ("", "ื", "ue", True),
    ("", "ุย", "ui", False),
    ("", "ุ", "u", True),
    ("", "ู", "u", True),
    ("", "็อ", "o", True),
    ("", "อย", "oi", False),
    ("", "อ", "o", True),
    ("", "วย", "uai", False),
    ("", "ว", "ua", True),  # only before a final (ชวน chuan): see _syllables
)
_VOWEL_STARTS = _ABOVE_BELOW + _FOLLOWING


def has_thai(text: str) -> bool:
    return THAI.search(text) is not None


def _silence(word: str) -> str:
    """Drop the letters the thanthakhat silences: the one it sits on (with any vowel on it) and,
    where a final already closes the syllable, the bare consonant before it (จันทร์ → จัน)."""
    out = list(word)
    while _THANTHAKHAT in out:
        at = out.index(_THANTHAKHAT)
        start = at - 1
        if start < 0 or (out[start] not in _CONSONANTS and out[start] not in _ABOVE_BELOW):
            del out[at]  # a stray mark
            continue
        while start > 0 and out[start] in _ABOVE_BELOW:
            start -= 1  # the vowel written on the silenced letter (ศักดิ์)
        if (
            start >= 3
            and out[start - 1] in _CONSONANTS
            and out[start - 2] in _CONSONANTS
            and out[start - 3] in _ABOVE_BELOW + _FOLLOWING
        ):
            start -= 1  # after a final, two letters silenced: จันทร์
        del out[start : at + 1]
    return "".join(out)


def _is_final(word: str, at: int) -> bool:
    """Whether the consonant at ``at`` closes the syllable before it: no vowel is written on
    or after it, and it is not the first of a pair read together with a vowel."""
    if at >= len(word) or word[at] not in _CONSONANTS:
        return False
    after = word[at + 1] if at + 1 < len(word) else ""
    if after and after in _VOWEL_STARTS:
        return False
    rest = word[at + 1 :]
    if rest == "อ" or rest.startswith("รร"):
        return False  # C อ ending the word (ก่อ), C รร (วรรณ): a syllable of its own
    if after == "ว" and len(rest) > 1 and rest[1] in _CONSONANTS:
        return False  # C ว F: the vowel ua (ชวน)
    # C C ending the word: one syllable with the inherent o (มม mom), unless the last is an r
    # silent after a final (มิตร mit)
    return not (len(rest) == 1 and after in _CONSONANTS and after != "ร")


def _initial(word: str, at: int, lead: str, names: bool) -> tuple[str, int]:
    """The initial consonant (or cluster) at ``at``: its reading and where the vowel starts."""
    first = word[at]
    second = word[at + 1] if at + 1 < len(word) else ""
    third = word[at + 2] if at + 2 < len(word) else ""
    vowel_follows = bool(lead) or (third != "" and third in _VOWEL_STARTS + "อ")
    if first == "ห" and second in _SILENT_H_BEFORE and (vowel_follows or third in _CONSONANTS):
        return _CONSONANTS[second][0], at + 2
    if first == "อ" and second == "ย":
        return "y", at + 2
    if first in _CLUSTER_FIRST and second in _CLUSTER_SECOND and (vowel_follows or lead):
        if second == "ว" and (third == "" or (third in _CONSONANTS) != bool(lead)):
            return _CONSONANTS[first][0], at + 1  # C ว F is ua (สวน suan), แ-ว aeo (แก้ว)
        if second == "ร" and first in "ศส":
            return ("sr" if names else "s"), at + 2
        if second == "ร" and first == "ท":
            return ("tr" if names else "s"), at + 2
        return _CONSONANTS[first][0] + _CONSONANTS[second][0], at + 2
    if names and first == "ญ":
        return "nh", at + 1  # the Khmer ញ (ปัญญา Panha)
    return _CONSONANTS[first][0], at + 1


def _name_vowel(letter: str, written: str, reading: str) -> str:
    """A vowel as the Khmer it renders: า after a second-series equivalent is ea, เ-ือ is the
    Khmer ឿ (oea), a closing ว is v (เขียว Khiev)."""
    if written == "า" and letter in _EA_AFTER:
        return "ea"
    if written in ("ือ", "ือะ"):
        return "oea"
    if written.endswith("ว") and written != "าว" and reading.endswith("o"):
        return reading[:-1] + "v"
    return reading


def _final(letter: str, names: bool) -> str:
    if names and letter in _NAME_FINALS:
        return _NAME_FINALS[letter]
    return _CONSONANTS[letter][1]


def _syllables(word: str, names: bool) -> list[str]:
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if ch == "ฤ" or ch == "ฦ":
            out.append("rue" if ch == "ฤ" else "lue")
            i += 1
            continue
        lead = ""
        if ch in _LEADING:
            lead = ch
            i += 1
            if i >= n or word[i] not in _CONSONANTS:
                out.append({"เ": "e", "แ": "ae", "โ": "o"}.get(lead, "ai"))
                continue
        elif ch not in _CONSONANTS:
            if ch.isascii():
                out.append(ch)  # a Thai digit, already read
            i += 1  # otherwise a vowel sign without its consonant, or another mark
            continue
        letter = word[i]
        onset, i = _initial(word, i, lead, names)
        if word[i : i + 2] == "รร":  # ร หัน: รร reads a, and an before no other final
            i += 2
            if i < n and _is_final(word, i):
                out.append(f"{onset}a{_final(word[i], names)}")
                i += 1
            else:
                out.append(f"{onset}an")
            continue
        vowel, may_close = "", True
        for pattern_lead, written, reading, closes in _PATTERNS:
            if pattern_lead == lead and word.startswith(written, i):
                following = word[i + len(written)] if i + len(written) < n else ""
                if written and written[-1] in "อวย" and following and following in _VOWEL_STARTS:
                    continue  # the อ, ว or ย starts the next syllable (สาวิน sawin)
                if written in ("อ", "ว") and i + 1 < n and word[i + 1] in _VOWEL_STARTS:
                    continue
                if written == "ว" and (i + 1 >= n or word[i + 1] not in _CONSONANTS):
                    continue
                vowel, may_close = reading, closes
                i += len(written)
                if names:
                    vowel = _name_vowel(letter, written, reading)
                break
        if not vowel:
            vowel = "o" if _is_final(word, i) and not lead else "a"
        coda = ""
        if may_close and _is_final(word, i):
            coda = _final(word[i], names)
            i += 1
            while i < n and word[i] in _CONSONANTS and i + 1 >= n:
                i += 1  # a bare letter ending the word after a final is silent (มิตร)
        out.append(f"{onset}{vowel}{coda}")
    return out


def _romanise(text: str, names: bool) -> str:
    def word(found: re.Match[str]) -> str:
        thai = found.group().replace("\u0e4d\u0e32", "\u0e33")  # ํ + า is the vowel ำ
        thai = _TONES.sub("", thai).translate(_DIGITS)
        return "".join(_syllables(_silence(thai), names))

    return THAI.sub(word, text)


def romanise(text: str) -> str:
    """Thai script in ``text`` written in RTGS (other characters kept)."""
    return _romanise(text, names=False)


def romanise_name(text: str) -> str:
    """Thai script in a Cambodian name written so that its Latin spellings fold to the same key
    (other characters kept)."""
    return _romanise(text, names=True)

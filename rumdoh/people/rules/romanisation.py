"""One folded Latin key for the many romanisations of a Khmer name (pure).

Khmer names reach the register written many ways: Bopha/Bupha, Ouk/Uk, Pov/Pao, Mom/Morm,
Lyda/Lida, Thida/Thyda, Pich/Petch, Yim/Yem, Sokha/Sukha, Chan/Chann, Sreymom/Srey Mom, in
Khmer script (ស្រីមុំ), or in Thai script on Thai deportation lists (สรีมม, ศรีมม). This module
reduces each to folded syllables:

- ``fold(text)``: the whole text folded, word by word, syllables joined (``"Srey Mom"`` →
  ``"srimom"``; Khmer script is transliterated first);
- ``syllables(name)``: the folded syllables of a name, in order (``"Sreymom"`` →
  ``["sri", "mom"]``);
- ``name_key(given, family)``: the sorted syllables of both names, so swapped given and family
  names and joined or split compounds give the same key.

Folding, in order: Khmer script is transliterated (consonant and vowel tables, subscripts as
clusters, a bare final consonant closes the syllable before it) and Thai script romanised
(``rules.thai``: the Royal Thai General System, read as a Cambodian name's Thai spelling); Latin
letters lose accents; aspiration is dropped (kh→k, chh/ch/tch→c, th→t, ph→p), d→t; doubled
consonants are single; y between consonants or at the end is a vowel; an r closing a vowel
(Morm, Chorn) and an h closing one (Cheah) are silent. Words are cut into syllables (onset
consonants, vowels, and one closing consonant when another consonant follows), and each
syllable's vowels folded into a few classes: o/u/ou/oo → o, i/e/ee/ei/ey/ie → i, ea/ia → ia,
ai/ay/ae → ai, ao/au and a closing ov → ao, oeu/eu/oe/ue → eu, ua/uo/oa → ua. The fold is
deliberately coarse: linkage weighs agreement on the folded key with other evidence, never on
its own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rumdoh.people.rules import thai

__all__ = ["fold", "fold_word", "name_key", "syllables", "transliterate"]

_VOWELS = "aeiou"
_SPLIT = re.compile(r"[^0-9a-z\u0e01-\u0e5b\u1780-\u17ff]+")
_KHMER = re.compile(r"[\u1780-\u17ff]")

# --- Khmer script → Latin -------------------------------------------------------------------

# Consonant: (onset, coda, series); series "a" takes the first-series vowel readings, "o" the
# second.
_CONSONANTS: dict[str, tuple[str, str, str]] = {
    "ក": ("k", "k", "a"),
    "ខ": ("kh", "k", "a"),
    "គ": ("k", "k", "o"),
    "ឃ": ("kh", "k", "o"),
    "ង": ("ng", "ng", "o"),
    "ច": ("ch", "ch", "a"),
    "ឆ": ("chh", "ch", "a"),
    "ជ": ("ch", "ch", "o"),
    "ឈ": ("chh", "ch", "o"),
    "ញ": ("nh", "nh", "o"),
    "ដ": ("d", "t", "a"),
    "ឋ": ("th", "t", "a"),
    "ឌ": ("d", "t", "o"),
    "ឍ": ("th", "t", "o"),
    "ណ": ("n", "n", "a"),
    "ត": ("t", "t", "a"),
    "ថ": ("th", "t", "a"),
    "ទ": ("t", "t", "o"),
    "ធ": ("th", "t", "o"),
    "ន": ("n", "n", "o"),
    "ប": ("b", "p", "a"),
    "ផ": ("ph", "p", "a"),
    "ព": ("p", "p", "o"),
    "ភ": ("ph", "p", "o"),
    "ម": ("m", "m", "o"),
    "យ": ("y", "y", "o"),
    "រ": ("r", "r", "o"),  # silent as a final; Latin folding drops it as it does Chamkar's
    "ល": ("l", "l", "o"),
    "វ": ("v", "v", "o"),
    "ស": ("s", "s", "a"),
    "ហ": ("h", "h", "a"),
    "ឡ": ("l", "l", "a"),
    "អ": ("", "", "a"),
    "ប៉": ("p", "p", "a"),
}

# Dependent vowel signs (and common combinations): (first-series, second-series) reading.
_VOWEL_SIGNS: dict[str, tuple[str, str]] = {
    "ាំ": ("am", "oam"),
    "\u17de": ("ai", "ea"),  # ាំ before ង, marked by transliterate
    "ុំ": ("om", "um"),
    "ុះ": ("oh", "uh"),
    "េះ": ("eh", "eh"),
    "ោះ": ("oh", "uoh"),
    "ះ": ("ah", "eah"),
    "\u17c8": ("ak", "eak"),  # yuukaleapintu: a short vowel and a glottal stop (វីរៈ Vireak)
    "ំ": ("am", "um"),
    "ា": ("a", "ea"),
    "ិ": ("e", "i"),
    "ី": ("ei", "i"),
    "ឹ": ("oe", "i"),
    "ឺ": ("eu", "eu"),
    "ុ": ("o", "u"),
    "ូ": ("o", "u"),
    "ួ": ("uo", "uo"),
    "ើ": ("aeu", "eu"),
    "ឿ": ("oea", "oea"),
    "ៀ": ("ie", "ie"),
    "េ": ("e", "e"),
    "ែ": ("ae", "e"),
    "ៃ": ("ai", "ey"),
    "ោ": ("ao", "o"),
    "ៅ": ("au", "ov"),
}

_INDEPENDENT: dict[str, str] = {
    "ឥ": "e",
    "ឦ": "ei",
    "ឧ": "o",
    "ឩ": "ou",
    "ឪ": "ov",
    "ឫ": "rue",
    "ឬ": "rueu",
    "ឭ": "lue",
    "ឮ": "lueu",
    "ឯ": "ae",
    "ឰ": "ai",
    "ឱ": "ao",
    "ឲ": "ao",
    "ឳ": "au",
    "ឣ": "a",
    "ឤ": "a",
}

_COENG = "\u17d2"
_SERIES_SHIFT = {"\u17c9": "a", "\u17ca": "o"}  # muusikatoan, triisap
_BANTOC = "\u17cb"
_SAMYOK = "\u17d0"  # samyok sannya: a short vowel before the closing consonant
# Closing consonants (velar and palatal) after which a short second-series vowel reads "ea"
# (ភ័ក្ត្រ Pheak); before the others it reads "o" (ភ័ណ្ឌ Phorn, រ័ត្ន Roth).
_SHORT_EA_BEFORE = frozenset("កខគឃងចឆជឈញ")
# A word-final second-series aa after one of these onsets is written a in names of Pali origin.
_PALI_FINALS = frozenset(["n", "nh", "r", "l", "y"])
_LONGEST_SIGN = max(len(sign) for sign in _VOWEL_SIGNS)


def _khmer_clusters(word: str) -> list[tuple[list[str], str | None, str, bool, bool]]:
    """Consonant clusters of a Khmer word: (consonants, vowel reading, series, bantoc, samyok)."""
    clusters: list[tuple[list[str], str | None, str, bool, bool]] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if ch in _INDEPENDENT:
            clusters.append(([], _INDEPENDENT[ch], "a", False, False))
            i += 1
            continue
        if ch not in _CONSONANTS:
            i += 1
            continue
        cluster = [ch]
        i += 1
        while i + 1 < n and word[i] == _COENG and word[i + 1] in _CONSONANTS:
            cluster.append(word[i + 1])
            i += 2
        series = _CONSONANTS[cluster[-1]][2]
        if cluster[-1] in "រលវយ":  # a subscript r, l, v or y keeps the series of its base
            series = _CONSONANTS[cluster[0]][2]
        vowel: str | None = None
        bantoc = False
        short = False
        while i < n and word[i] not in _CONSONANTS and word[i] not in _INDEPENDENT:
            mark = word[i]
            if mark in _SERIES_SHIFT:
                series = _SERIES_SHIFT[mark]
                if cluster == ["ប"] and mark == "\u17c9":
                    cluster = ["ប៉"]  # ប with muusikatoan is read p
                i += 1
                continue
            if mark == _BANTOC:
                bantoc = True
            if mark == _SAMYOK:
                short = True
            for size in range(_LONGEST_SIGN, 0, -1):
                sign = word[i : i + size]
                if sign in _VOWEL_SIGNS:
                    reading = _VOWEL_SIGNS[sign][0 if series == "a" else 1]
                    vowel = reading if vowel is None else vowel + reading
                    i += size
                    break
            else:
                i += 1  # other diacritics and invisible marks
        clusters.append((cluster, vowel, series, bantoc, short))
    return clusters


# ាំ before ង reads ai in the first series (តាំង Taing) and ea in the second:
# it is marked with a code point Unicode leaves unassigned in the Khmer block, read below.
_AM_BEFORE_NG = "\u17de"
_AM_NG = re.compile("\u17b6\u17c6(?=\u1784)")


# Subscript clusters whose base consonant closes the syllable before them rather than begin one:
# a nasal before a consonant of its place (ចន្ទ្រា Chantrea, គន្ធា Kunthea, កញ្ញា Kanha), a
# doubled consonant (វណ្ណា Vanna) and the Pali aspirate pairs (រដ្ឋា Ratha, សុវត្ថិ Sovath).
_NASALS = frozenset("ងញណនម")
_PALI_PAIRS = frozenset(["ត្ថ", "ដ្ឋ", "ទ្ធ", "ក្ខ", "ប្ផ", "ច្ឆ", "ព្ភ"])


def _closing_cluster(cluster: list[str]) -> bool:
    if len(cluster) < 2:
        return False
    base, sub = cluster[0], cluster[1]
    nasal = base in _NASALS and sub not in "រលវយ"
    return nasal or base == sub or f"{base}{_COENG}{sub}" in _PALI_PAIRS


def _onset_next(clusters: list[tuple[list[str], str | None, str, bool, bool]], index: int) -> bool:
    """The cluster after ``index`` has no vowel sign and begins a syllable: it is an onset
    cluster (ថ្នល់ Thnal), or a consonant whose syllable the cluster after it closes (វណ្ណា)."""
    if index + 1 >= len(clusters) or clusters[index + 1][1] is not None:
        return False
    following = clusters[index + 1][0]
    if len(following) > 1:
        return not _closing_cluster(following)
    return index + 2 < len(clusters) and _closing_cluster(clusters[index + 2][0])


def _ends_closed(reading: str, consonant: str) -> bool:
    """A vowel that takes no closing consonant: one ending in a glide (ៃ Prey, ៅ Pov) or in a
    consonant of its own (ំ Sam, ះ Preah); but ាំ before ង reads ai and is closed by it (Taing)."""
    if consonant == "ង" and reading == "ai":
        return False
    return reading in ("ai", "ey", "au", "ov") or reading.endswith(("m", "h", "k"))


def _khmer_syllables(word: str) -> list[tuple[str, str, str]]:
    """Cut a Khmer word into (onset, vowel, coda) syllables.

    A cluster without a vowel sign closes the syllable before it when it ends the word or a vowel
    follows it; otherwise it is read with the inherent vowel. A subscript after an open syllable
    closes that syllable with its base consonant.
    """
    clusters = _khmer_clusters(word)
    # [onset, vowel ("" for the inherent one), coda, series, samyok]
    out: list[list[str]] = []
    for index, (cluster, vowel, series, bantoc, short) in enumerate(clusters):
        previous = out[-1] if out else None
        last = index == len(clusters) - 1
        following = None if last else clusters[index + 1]
        following_vowel = following is not None and following[1] is not None
        before_closing = following is not None and _closing_cluster(following[0])
        open_before = (
            previous is not None
            and not previous[2]
            and not _ends_closed(previous[1], cluster[0] if cluster else "")
        )
        written = previous is not None and bool(previous[1])
        closes = vowel is None and not short and open_before
        onset_next = written and _onset_next(clusters, index)
        if closes and (last or bantoc or (not before_closing and (following_vowel or onset_next))):
            assert previous is not None
            _close(previous, cluster[0], bantoc)
            continue
        if len(cluster) > 1 and open_before and (_closing_cluster(cluster) or not written):
            assert previous is not None
            _close(previous, cluster[0], False)
            cluster = cluster[1:]
        onset = "".join(_CONSONANTS[c][0] for c in cluster)
        if len(cluster) > 1 and cluster[0] == "ប":
            onset = "p" + onset[1:]  # ប before a subscript is read p (ប្រាក់ Prak)
        out.append([onset, vowel or "", "", series, "short" if short else ""])
    if len(out) > 1 and out[-1][1] == "ea" and not out[-1][2] and out[-1][0] in _PALI_FINALS:
        out[-1][1] = "a"  # រចនា Rachna, បញ្ញា Panha, ចរិយា Chariya; but សុភា Sophea
    return [(onset, vowel or "a", coda) for onset, vowel, coda, _series, _short in out]


def _close(syllable: list[str], consonant: str, bantoc: bool) -> None:
    """Close an open syllable with ``consonant``. A second-series inherent vowel closed under a
    bantoc reads o (គង់ Kong), under a samyok sannya ea or o (ភ័ក្ត្រ Pheak, រ័ត្ន Roth); any
    other closed inherent vowel stays a, as names write it (វណ្ណា Vanna, not Vonna)."""
    syllable[2] = _CONSONANTS[consonant][1]
    if syllable[1] or syllable[3] != "o":
        return
    if syllable[4]:
        syllable[1] = "ea" if consonant in _SHORT_EA_BEFORE else "o"
    elif bantoc:
        syllable[1] = "o"


def transliterate(text: str) -> str:
    """Khmer script in ``text`` written in Latin letters (other characters kept)."""
    text = _AM_NG.sub(_AM_BEFORE_NG, unicodedata.normalize("NFC", text))
    text = re.sub(r"[\u1780-\u17a2](?:\u17d2[\u1780-\u17a2])*\u17cd", "", text)
    pieces: list[str] = []
    for part in re.split(r"([\u1780-\u17ff]+)", text):
        if part and _KHMER.match(part):
            pieces.append(
                "".join(f"{onset}{vowel}{coda}" for onset, vowel, coda in _khmer_syllables(part))
            )
        else:
            pieces.append(part)
    # Thai script too (Thai deportation lists), as the Thai spelling of a Cambodian name.
    return thai.romanise_name("".join(pieces))


# --- Latin folding ----------------------------------------------------------------------------

_CONSONANT_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(nh|ng)\1+"), r"\1"),  # a doubled digraph (បញ្ញា Panha)
    (re.compile(r"([^aeiou])\1+"), r"\1"),
    (re.compile(r"tch"), "c"),
    (re.compile(r"chh|ch|sh"), "c"),
    (re.compile(r"([bdgkpt])h"), r"\1"),
    (re.compile(r"d"), "t"),
    (re.compile(r"w"), "v"),
    (re.compile(r"nh$"), "n"),  # Chanh/Chan
    (re.compile(r"b(?=[^aeiou]|$)"), "p"),
    (re.compile(r"q"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"x"), "s"),
    (re.compile(r"([^aeiou])\1+"), r"\1"),
)
_Y_CONSONANT = re.compile(r"(?:(?<=^)|(?<=[aeiou]))y(?=[aeiou])")
_SILENT_R = re.compile(r"(?<=[aeiou])r(?=[^aeiou]|$)")
_SILENT_H = re.compile(r"(?<=[aeiou])h(?=[^aeiou]|$)")
_DOUBLED = re.compile(r"([^aeiou])\1+")
_UNITS = re.compile(r"[aeiou]+|ng|nh|[^aeiou]")
# Consonant pairs that begin a syllable rather than close one when a name is written joined:
# only "sr" (Srey) is unambiguous; a final k, p or t before l, n or r may close a syllable.
_ONSETS = frozenset(["sr"])

_VOWEL_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ov$"), "ao"),
    (re.compile(r"(?:ie|ea)v$|ieu$"), "Av"),  # Khiev/Khieu/Kheav (ខៀវ)
    (re.compile(r"(?:ae|e)v$|eo$"), "io"),  # Keo/Kaev/Kev (កែវ), another name
    (re.compile(r"oeu|oea|eu|oe|ue"), "E"),
    (re.compile(r"ea|ia|ie(?=[^aeiou]|$)"), "A"),
    (re.compile(r"ua|uo|oa"), "U"),
    (re.compile(r"ae(?=[^aeiou])"), "e"),
    (re.compile(r"ai|ae|ay"), "I"),
    (re.compile(r"ao|au"), "O"),
    (re.compile(r"[ou]+"), "o"),
    (re.compile(r"[ie]+"), "i"),
)
_VOWEL_NAMES = str.maketrans({"E": "eu", "A": "ia", "U": "ua", "I": "ai", "O": "ao"})


def _latin_letters(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


def _fold_syllable(syllable: str) -> str:
    for pattern, replacement in _VOWEL_FOLDS:
        syllable = pattern.sub(replacement, syllable)
    return syllable.translate(_VOWEL_NAMES)


def _word_syllables(word: str) -> list[str]:
    return list(_cached_word_syllables(word))


@lru_cache(maxsize=65536)
def _cached_word_syllables(word: str) -> tuple[str, ...]:
    word = _latin_letters(transliterate(word))
    if not word:
        return ()
    word = _Y_CONSONANT.sub("Y", word)  # y before a vowel stays a consonant
    word = word.replace("y", "i").replace("Y", "y").replace("j", "c")
    for pattern, replacement in _CONSONANT_FOLDS:
        word = pattern.sub(replacement, word)
    word = _SILENT_H.sub("", _SILENT_R.sub("", word))
    word = re.sub(r"([^aeiou])\1+", r"\1", word)
    return tuple(_fold_syllable(piece) for piece in _cut(word))


def _cut(word: str) -> list[str]:
    """Cut a folded word into syllables: onset, vowels and closing consonants."""
    units = _UNITS.findall(word)
    pieces: list[str] = []
    current = ""
    index = 0
    while index < len(units):
        unit = units[index]
        if unit[0] in _VOWELS:
            current += unit
            index += 1
            continue
        cluster: list[str] = []
        while index < len(units) and units[index][0] not in _VOWELS:
            cluster.append(units[index])
            index += 1
        if not any(ch in _VOWELS for ch in current) or index >= len(units):
            current += "".join(cluster)  # a word's first onset, or its last coda
            continue
        split = len(cluster) - 1
        if len(cluster) >= 2 and "".join(cluster[-2:]) in _ONSETS:
            split = len(cluster) - 2
        pieces.append(current + "".join(cluster[:split]))
        current = "".join(cluster[split:])
    if current:
        pieces.append(current)
    return pieces


def syllables(name: str) -> list[str]:
    """The folded syllables of a name, in order: ``"Srey Mom"`` and ``"Sreymom"`` agree."""
    result: list[str] = []
    for word in _SPLIT.split((name or "").lower()):
        result.extend(_word_syllables(word))
    return result


def fold_word(word: str) -> str:
    """One word folded: its syllables joined."""
    return "".join(_word_syllables(word))


def fold(text: str) -> str:
    """The whole text folded, syllables of every word joined without spaces; a consonant
    doubled across the join is single, as in the joined spelling (Lin Nich / Linnich)."""
    return _DOUBLED.sub(r"\1", "".join(syllables(text)))


def name_key(given: str, family: str) -> str:
    """An order-free key of a person's name: the sorted folded syllables of both names."""
    return " ".join(sorted(syllables(given) + syllables(family)))

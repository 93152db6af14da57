"""The catalogue of offences charges are coded against, as data (pure: no Django imports).

Each offence has a stable code, the law and article it comes from, English and Khmer labels and
what the national figures derive from it:

* ``trafficking`` — whether a charge under it is a trafficking offence. Only the offences of the
  trafficking chapter of the 2008 Law on Suppression of Human Trafficking and Sexual Exploitation
  are. Forced labour, confinement, rape, immigration, gambling and money-laundering offences are
  *related offences*: a case charged only under them is never counted as trafficking.
* ``exploitation`` — the form of exploitation an offence establishes by itself, where it does
  (forced labour under the Labour Law). The trafficking articles punish removal, recruitment,
  sale, transport or receipt "for any form of exploitation", so for them the form is recorded on
  each charge.
* ``article`` empty means the whole law: the exact article goes on the charge.

Change a code's meaning only with a new ``CATALOGUE_VERSION``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CATALOGUE_VERSION = "2026.1"


class Law(StrEnum):
    TRAFFICKING_2008 = "LSHTSE-2008"
    LABOUR_1997 = "LABOUR-1997"
    CRIMINAL_CODE_2009 = "CC-2009"
    IMMIGRATION_1994 = "IMMIGRATION-1994"
    GAMBLING_2020 = "GAMBLING-2020"
    AML_2020 = "AML-2020"


LAW_LABELS: dict[Law, tuple[str, str]] = {
    Law.TRAFFICKING_2008: (
        "Law on Suppression of Human Trafficking and Sexual Exploitation (2008)",
        "ច្បាប់ស្តីពីការបង្ក្រាបអំពើជួញដូរមនុស្ស និងអំពើធ្វើអាជីវកម្មផ្លូវភេទ (២០០៨)",
    ),
    Law.LABOUR_1997: ("Labour Law (1997)", "ច្បាប់ស្តីពីការងារ (១៩៩៧)"),
    Law.CRIMINAL_CODE_2009: ("Criminal Code (2009)", "ក្រមព្រហ្មទណ្ឌ (២០០៩)"),
    Law.IMMIGRATION_1994: ("Law on Immigration (1994)", "ច្បាប់ស្តីពីអន្តោប្រវេសន៍ (១៩៩៤)"),
    Law.GAMBLING_2020: (
        "Law on Integrated Resorts and Commercial Gambling (2020)",
        "ច្បាប់ស្តីពីការគ្រប់គ្រងរមណីយដ្ឋានចម្រុះ និងល្បែងពាណិជ្ជកម្ម (២០២០)",
    ),
    Law.AML_2020: (
        "Law on Anti-Money Laundering and Combating the Financing of Terrorism (2020)",
        "ច្បាប់ស្តីពីការប្រឆាំងការសម្អាតប្រាក់ និងហិរញ្ញប្បទានភេរវកម្ម (២០២០)",
    ),
}

FORCED_LABOUR = "forced_labour"  # the code of the form of exploitation in the protection lists


@dataclass(frozen=True)
class Offence:
    code: str
    law: Law
    article: str
    label_en: str
    label_km: str
    trafficking: bool
    exploitation: str = ""
    cross_border: bool = False

    def label(self, language: str) -> str:
        return self.label_km if language.startswith("km") else self.label_en

    def law_label(self, language: str) -> str:
        english, khmer = LAW_LABELS[self.law]
        return khmer if language.startswith("km") else english


def _lshtse(article: str, english: str, khmer: str, *, cross_border: bool = False) -> Offence:
    return Offence(
        f"LSHTSE-{article}",
        Law.TRAFFICKING_2008,
        article,
        english,
        khmer,
        trafficking=True,
        cross_border=cross_border,
    )


_REMOVAL = ("Unlawful removal", "ការនាំយកមនុស្សដោយខុសច្បាប់")
_SALE = ("Selling, buying or exchanging a person", "ការលក់ ទិញ ឬដោះដូរមនុស្ស")
_RECEIPT = ("Receipt of a person", "ការទទួលមនុស្ស")

OFFENCES: tuple[Offence, ...] = (
    _lshtse("8", *_REMOVAL),
    _lshtse("9", *_REMOVAL),
    _lshtse("10", "Unlawful removal with purpose", "ការនាំយកមនុស្សដោយខុសច្បាប់ក្នុងគោលបំណង"),
    _lshtse(
        "11",
        "Unlawful removal for cross-border transfer",
        "ការនាំយកមនុស្សដោយខុសច្បាប់ដើម្បីបញ្ជូនឆ្លងដែន",
        cross_border=True,
    ),
    _lshtse(
        "12",
        "Unlawful recruitment for exploitation",
        "ការជ្រើសរើសមនុស្សដោយខុសច្បាប់ដើម្បីកេងប្រវ័ញ្ច",
    ),
    _lshtse("13", *_SALE),
    _lshtse("14", *_SALE),
    _lshtse(
        "15",
        "Selling, buying or exchanging a person with purpose",
        "ការលក់ ទិញ ឬដោះដូរមនុស្សក្នុងគោលបំណង",
    ),
    _lshtse("17", "Transportation with purpose", "ការដឹកជញ្ជូនមនុស្សក្នុងគោលបំណង"),
    _lshtse("19", *_RECEIPT),
    _lshtse("20", *_RECEIPT),
    _lshtse(
        "21",
        "Abduction, detention or confinement of a person",
        "ការចាប់ពង្រត់ ឃុំឃាំង ឬបង្ខាំងមនុស្ស",
    ),
    Offence(
        "LABOUR-15",
        Law.LABOUR_1997,
        "15",
        "Forced or compulsory labour",
        "ការងារដោយបង្ខិតបង្ខំ",
        trafficking=False,
        exploitation=FORCED_LABOUR,
    ),
    Offence(
        "LABOUR-16",
        Law.LABOUR_1997,
        "16",
        "Hiring a person to pay off a debt",
        "ការជួលមនុស្សឱ្យធ្វើការដើម្បីសងបំណុល",
        trafficking=False,
        exploitation=FORCED_LABOUR,
    ),
    Offence(
        "CC-239",
        Law.CRIMINAL_CODE_2009,
        "239",
        "Rape",
        "ការរំលោភសេពសន្ថវៈ",
        trafficking=False,
    ),
    Offence(
        "CC-253",
        Law.CRIMINAL_CODE_2009,
        "253",
        "Unlawful arrest, detention or confinement",
        "ការចាប់ខ្លួន ឃុំខ្លួន ឬបង្ខាំងដោយខុសច្បាប់",
        trafficking=False,
    ),
    Offence(
        "CC-274",
        Law.CRIMINAL_CODE_2009,
        "274",
        "Exploitative working conditions",
        "ការដាក់ឱ្យធ្វើការក្នុងលក្ខខណ្ឌកេងប្រវ័ញ្ច",
        trafficking=False,
        exploitation=FORCED_LABOUR,
    ),
    Offence(
        "IMMIGRATION-29",
        Law.IMMIGRATION_1994,
        "29",
        "Illegal entry or facilitating illegal entry",
        "ការចូលប្រទេសដោយខុសច្បាប់ ឬការសម្រួលឱ្យចូលដោយខុសច្បាប់",
        trafficking=False,
        cross_border=True,
    ),
    Offence(
        "IMMIGRATION-32",
        Law.IMMIGRATION_1994,
        "32",
        "Forged or falsified travel documents",
        "ការក្លែងបន្លំឯកសារធ្វើដំណើរ",
        trafficking=False,
        cross_border=True,
    ),
    Offence(
        "GAMBLING-2020",
        Law.GAMBLING_2020,
        "",
        "Offence under the Gambling Law",
        "បទល្មើសតាមច្បាប់ស្តីពីល្បែងពាណិជ្ជកម្ម",
        trafficking=False,
    ),
    Offence(
        "AML-2020",
        Law.AML_2020,
        "",
        "Money laundering",
        "ការសម្អាតប្រាក់",
        trafficking=False,
    ),
)

BY_CODE: dict[str, Offence] = {offence.code: offence for offence in OFFENCES}

# The civil remedies a victim's claim for compensation rests on (not offences: never charged).
CIVIL_REMEDY_ARTICLES = ("45", "46", "47")


def get(code: str) -> Offence | None:
    return BY_CODE.get(code)


def trafficking_codes() -> frozenset[str]:
    return frozenset(o.code for o in OFFENCES if o.trafficking)


def is_trafficking(code: str) -> bool:
    offence = BY_CODE.get(code)
    return offence is not None and offence.trafficking


def needs_exploitation(code: str) -> bool:
    """A trafficking charge must say which form of exploitation it was for, unless fixed."""
    offence = BY_CODE.get(code)
    return offence is not None and offence.trafficking and not offence.exploitation


def exploitation_of(code: str, recorded: str = "") -> str:
    """The form of exploitation of a charge: the offence's own, else the one recorded on it."""
    offence = BY_CODE.get(code)
    if offence is not None and offence.exploitation:
        return offence.exploitation
    return recorded


def classify(codes: set[str] | frozenset[str] | list[str]) -> str:
    """``trafficking`` if any code is a trafficking offence, ``related`` if only others.

    Empty when no known code is given.
    """
    known = [code for code in codes if code in BY_CODE]
    if not known:
        return ""
    return "trafficking" if any(is_trafficking(code) for code in known) else "related"

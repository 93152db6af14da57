"""The screening indicator catalogue as versioned data (pure: no Django imports).

Each indicator has a stable code, an element group, English and Khmer labels and, as data, what
the decision rule may derive from it:

* ``dimensions`` — for the ILO forced-labour indicators, which dimension of the ILO 2018
  measurement guidelines an observed indicator establishes: *involuntariness* (work not offered
  freely) and/or *coercion* (the threat or menace of a penalty that keeps the person working).
* ``implies`` — Palermo means (or purposes) that an observed forced-labour indicator establishes
  on its own; ``note`` says why.

Change a code's meaning only with a new ``CATALOGUE_VERSION``: saved screenings keep the version
they were assessed under.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CATALOGUE_VERSION = "2026.1"


class Group(StrEnum):
    FORCED_LABOUR = "forced-labour"
    ACT = "act"
    MEANS = "means"
    PURPOSE = "purpose"
    HARM = "harm"


class Dimension(StrEnum):
    INVOLUNTARINESS = "involuntariness"
    COERCION = "coercion"


INV = frozenset({Dimension.INVOLUNTARINESS})
COE = frozenset({Dimension.COERCION})
BOTH = INV | COE


@dataclass(frozen=True)
class Indicator:
    code: str
    group: Group
    label_en: str
    label_km: str
    dimensions: frozenset[Dimension] = frozenset()
    implies: tuple[str, ...] = ()
    note: str = ""

    def label(self, language: str) -> str:
        return self.label_km if language.startswith("km") else self.label_en


# Established forced labour (involuntariness and coercion both observed) is exploitation in
# itself, so it satisfies the trafficking purpose element through this code.
FORCED_LABOUR_PURPOSE = "PURPOSE-FORCED-LABOUR"

_FORCED_LABOUR = (
    Indicator(
        "FL-VULNERABILITY",
        Group.FORCED_LABOUR,
        "Abuse of vulnerability",
        "ការរំលោភលើភាពងាយរងគ្រោះ",
        COE,
        ("MEANS-VULNERABILITY",),
        "ILO 2018 lists abuse of vulnerability (irregular status, threats of denunciation or "
        "dismissal) among the means of coercion; Palermo names it as a means.",
    ),
    Indicator(
        "FL-DECEPTION",
        Group.FORCED_LABOUR,
        "Deceptive recruitment",
        "ការជ្រើសរើសដោយបោកប្រាស់",
        INV,
        ("MEANS-DECEPTION",),
        "Deceptive recruitment is unfree recruitment: consent given on false promises is not "
        "free and informed (involuntariness). It is the Palermo means of deception.",
    ),
    Indicator(
        "FL-MOVEMENT",
        Group.FORCED_LABOUR,
        "Restriction of movement",
        "ការរឹតត្បិតសេរីភាពក្នុងការធ្វើដំណើរ",
        BOTH,
        ("MEANS-COERCION",),
        "Confinement makes it impossible to leave the employer (involuntariness) and is itself "
        "a penalty held over the worker (coercion); confinement is a form of coercion.",
    ),
    Indicator(
        "FL-ISOLATION",
        Group.FORCED_LABOUR,
        "Isolation",
        "ការធ្វើឱ្យនៅដាច់ឆ្ងាយពីគេ",
        COE,
        (),
        "Cutting a worker off from family and help is a means of control (coercion). It does "
        "not by itself show how the work began, so it implies no Palermo means.",
    ),
    Indicator(
        "FL-VIOLENCE",
        Group.FORCED_LABOUR,
        "Physical and sexual violence",
        "អំពើហិង្សាលើរាងកាយ និងផ្លូវភេទ",
        COE,
        ("MEANS-FORCE",),
        "Violence is the clearest menace of penalty (coercion) and the Palermo means of force.",
    ),
    Indicator(
        "FL-THREATS",
        Group.FORCED_LABOUR,
        "Intimidation and threats",
        "ការបំភិតបំភ័យ និងការគំរាមកំហែង",
        COE,
        ("MEANS-THREAT",),
        "Threats against the worker or family are a menace of penalty (coercion) and the "
        "Palermo means of threat.",
    ),
    Indicator(
        "FL-DOCUMENTS",
        Group.FORCED_LABOUR,
        "Retention of identity documents",
        "ការរឹបអូសឯកសារអត្តសញ្ញាណ",
        COE,
        ("MEANS-COERCION",),
        "Keeping a worker's passport or identity card stops them leaving safely (coercion) and "
        "is a form of coercion under Palermo.",
    ),
    Indicator(
        "FL-WAGES",
        Group.FORCED_LABOUR,
        "Withholding of wages",
        "ការមិនបើក ឬរក្សាទុកប្រាក់ឈ្នួល",
        COE,
        (),
        "Holding back pay keeps a worker from leaving (coercion); on its own it may be a labour "
        "dispute, so it implies no Palermo means.",
    ),
    Indicator(
        "FL-DEBT",
        Group.FORCED_LABOUR,
        "Debt bondage",
        "ការជាប់ចំណងបំណុល",
        BOTH,
        ("MEANS-COERCION",),
        "Work to pay off a debt is not offered freely (involuntariness) and manipulated debt is "
        "a menace of penalty (coercion); debt bondage is a form of coercion under Palermo.",
    ),
    Indicator(
        "FL-CONDITIONS",
        Group.FORCED_LABOUR,
        "Abusive working and living conditions",
        "លក្ខខណ្ឌការងារ និងការរស់នៅដែលរំលោភបំពាន",
        INV,
        (),
        "Degrading conditions the worker did not agree to are imposed work (involuntariness).",
    ),
    Indicator(
        "FL-OVERTIME",
        Group.FORCED_LABOUR,
        "Excessive overtime",
        "ការធ្វើការបន្ថែមម៉ោងហួសកម្រិត",
        INV,
        (),
        "Hours beyond what was agreed or lawful are imposed work (involuntariness).",
    ),
    Indicator(
        "FL-INVOLUNTARY",
        Group.FORCED_LABOUR,
        "Work not offered voluntarily (could not refuse or quit)",
        "ការងារដែលមិនបានស្ម័គ្រចិត្ត (មិនអាចបដិសេធ ឬឈប់បាន)",
        INV,
        (),
        "The person did not agree to the work or could not refuse or leave it: the ILO "
        "definition of involuntariness asked directly.",
    ),
)

_ACTS = (
    Indicator("ACT-RECRUITMENT", Group.ACT, "Recruitment", "ការជ្រើសរើស"),
    Indicator("ACT-TRANSPORT", Group.ACT, "Transportation", "ការដឹកជញ្ជូន"),
    Indicator("ACT-TRANSFER", Group.ACT, "Transfer", "ការផ្ទេរ"),
    Indicator("ACT-HARBOURING", Group.ACT, "Harbouring", "ការលាក់ទុក ឬផ្ដល់ទីជម្រក"),
    Indicator("ACT-RECEIPT", Group.ACT, "Receipt of persons", "ការទទួលមនុស្ស"),
)

_MEANS = (
    Indicator("MEANS-THREAT", Group.MEANS, "Threat", "ការគំរាមកំហែង"),
    Indicator("MEANS-FORCE", Group.MEANS, "Use of force", "ការប្រើកម្លាំង"),
    Indicator(
        "MEANS-COERCION",
        Group.MEANS,
        "Other coercion, including debt bondage",
        "ការបង្ខិតបង្ខំផ្សេងៗ រួមទាំងការជាប់ចំណងបំណុល",
    ),
    Indicator("MEANS-ABDUCTION", Group.MEANS, "Abduction", "ការចាប់ពង្រត់"),
    Indicator("MEANS-FRAUD", Group.MEANS, "Fraud", "ការក្លែងបន្លំ"),
    Indicator("MEANS-DECEPTION", Group.MEANS, "Deception", "ការបោកប្រាស់"),
    Indicator("MEANS-ABUSE-OF-POWER", Group.MEANS, "Abuse of power", "ការរំលោភអំណាច"),
    Indicator(
        "MEANS-VULNERABILITY",
        Group.MEANS,
        "Abuse of a position of vulnerability",
        "ការរំលោភលើស្ថានភាពងាយរងគ្រោះ",
    ),
    Indicator(
        "MEANS-PAYMENT",
        Group.MEANS,
        "Payments or benefits to a person in control of the victim",
        "ការផ្ដល់ប្រាក់ ឬអត្ថប្រយោជន៍ដល់អ្នកដែលមានអំណាចលើជនរងគ្រោះ",
    ),
)

_PURPOSES = (
    Indicator("PURPOSE-SEXUAL", Group.PURPOSE, "Sexual exploitation", "ការកេងប្រវ័ញ្ចផ្លូវភេទ"),
    Indicator(
        FORCED_LABOUR_PURPOSE, Group.PURPOSE, "Forced labour or services", "ពលកម្ម ឬសេវាដោយបង្ខំ"
    ),
    Indicator(
        "PURPOSE-FORCED-CRIMINALITY",
        Group.PURPOSE,
        "Forced criminality (such as online scams)",
        "ការបង្ខំឱ្យប្រព្រឹត្តបទល្មើស (ដូចជាការបោកប្រាស់តាមអនឡាញ)",
    ),
    Indicator("PURPOSE-FORCED-MARRIAGE", Group.PURPOSE, "Forced marriage", "អាពាហ៍ពិពាហ៍ដោយបង្ខំ"),
    Indicator(
        "PURPOSE-SLAVERY",
        Group.PURPOSE,
        "Slavery or practices similar to slavery",
        "ទាសភាព ឬការអនុវត្តស្រដៀងនឹងទាសភាព",
    ),
    Indicator("PURPOSE-SERVITUDE", Group.PURPOSE, "Servitude", "ភាពជាខ្ញុំបម្រើ"),
    Indicator("PURPOSE-ORGANS", Group.PURPOSE, "Removal of organs", "ការដកយកសរីរាង្គ"),
)

# Harm dimensions of the 2015 identification guidelines. They are recorded and shown, but they
# never decide: rape and other crimes wrongly counted as trafficking is a known failure, so harm
# without act, means and purpose must not indicate trafficking.
_HARM = (
    Indicator("HARM-PHYSICAL", Group.HARM, "Physical harm", "គ្រោះថ្នាក់ផ្លូវកាយ"),
    Indicator("HARM-SEXUAL", Group.HARM, "Sexual harm", "គ្រោះថ្នាក់ផ្លូវភេទ"),
    Indicator("HARM-MENTAL", Group.HARM, "Mental harm", "គ្រោះថ្នាក់ផ្លូវចិត្ត"),
    Indicator("HARM-FINANCIAL", Group.HARM, "Financial harm", "ការខូចខាតផ្នែកហិរញ្ញវត្ថុ"),
)

INDICATORS: tuple[Indicator, ...] = _FORCED_LABOUR + _ACTS + _MEANS + _PURPOSES + _HARM
BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
CODES: frozenset[str] = frozenset(BY_CODE)

# Codes the decision rule reads; harm codes are recorded only.
DECISION_CODES: frozenset[str] = frozenset(i.code for i in INDICATORS if i.group != Group.HARM)


def codes_in(group: Group) -> tuple[str, ...]:
    return tuple(i.code for i in INDICATORS if i.group == group)


def codes_with(dimension: Dimension) -> tuple[str, ...]:
    return tuple(i.code for i in INDICATORS if dimension in i.dimensions)


def implied_by(code: str) -> tuple[str, ...]:
    """Forced-labour indicators that, when observed, establish ``code``."""
    return tuple(i.code for i in INDICATORS if code in i.implies)

"""The short and detailed screening forms as data (pure: no Django imports).

Each question is asked in plain language, in Khmer and English, and answered yes, no or don't
know. The answer is recorded for every indicator code the question names: a yes records each of
them as observed, a no rules each out, don't know leaves each unknown. Short-form questions
name several codes where a transit centre cannot afford to ask them one by one; the detailed form
asks one code per question. Both forms cover every code the decision rule reads, so that a person
who answers no to everything can be cleared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rumdoh.screening.rules.catalogue import BY_CODE, INDICATORS, Group


class FormKind(StrEnum):
    SHORT = "short"
    DETAILED = "detailed"


@dataclass(frozen=True)
class Section:
    key: str
    title_en: str
    title_km: str

    def title(self, language: str) -> str:
        return self.title_km if language.startswith("km") else self.title_en


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    codes: tuple[str, ...]
    text_en: str
    text_km: str

    def text(self, language: str) -> str:
        return self.text_km if language.startswith("km") else self.text_en

    def other_text(self, language: str) -> str:
        return self.text_en if language.startswith("km") else self.text_km


SECTIONS = {
    s.key: s
    for s in (
        Section("journey", "Recruitment and journey", "ការជ្រើសរើស និងការធ្វើដំណើរ"),
        Section("treatment", "How you were treated", "របៀបដែលគេប្រព្រឹត្តចំពោះអ្នក"),
        Section("work", "Work and living conditions", "លក្ខខណ្ឌការងារ និងការរស់នៅ"),
        Section("exploitation", "What you were made to do", "អ្វីដែលគេបង្ខំឱ្យអ្នកធ្វើ"),
        Section("harm", "Harm suffered", "ការរងគ្រោះ"),
    )
}

SHORT: tuple[Question, ...] = (
    Question(
        "recruited",
        "journey",
        ("ACT-RECRUITMENT",),
        "Did someone offer you this job or trip, or find it for you — a broker, an agent, a "
        "friend, a relative or an online advert?",
        "តើមាននរណាម្នាក់ផ្ដល់ការងារ ឬការធ្វើដំណើរនេះដល់អ្នក ឬរកវាឱ្យអ្នកទេ — ដូចជាមេខ្យល់ "
        "ភ្នាក់ងារ មិត្តភក្តិ សាច់ញាតិ ឬការផ្សាយពាណិជ្ជកម្មតាមអនឡាញ?",
    ),
    Question(
        "transported",
        "journey",
        ("ACT-TRANSPORT",),
        "Did someone arrange or pay for your travel, or take you to the place where you worked?",
        "តើមាននរណាម្នាក់រៀបចំ ឬបង់ថ្លៃធ្វើដំណើររបស់អ្នក ឬនាំអ្នកទៅកន្លែងដែលអ្នកធ្វើការទេ?",
    ),
    Question(
        "received",
        "journey",
        ("ACT-RECEIPT", "ACT-HARBOURING", "ACT-TRANSFER"),
        "When you arrived, did someone take you in and keep you there, or hand you over or sell "
        "you to other people?",
        "ពេលអ្នកមកដល់ តើមាននរណាម្នាក់ទទួលអ្នក ហើយរក្សាទុកអ្នកនៅទីនោះ ឬប្រគល់ ឬលក់អ្នកទៅឱ្យអ្នកផ្សេងទេ?",
    ),
    Question(
        "lied_to",
        "treatment",
        ("FL-DECEPTION", "MEANS-DECEPTION", "MEANS-FRAUD"),
        "Were you lied to about the job, the pay, the place or the conditions?",
        "តើអ្នកត្រូវបានគេកុហកអំពីការងារ ប្រាក់ឈ្នួល ទីកន្លែង ឬលក្ខខណ្ឌការងារទេ?",
    ),
    Question(
        "threatened",
        "treatment",
        ("FL-THREATS", "MEANS-THREAT"),
        "Did anyone threaten you or your family, or threaten to hand you to the police or "
        "immigration?",
        "តើមាននរណាម្នាក់គំរាមកំហែងអ្នក ឬក្រុមគ្រួសាររបស់អ្នក ឬគំរាមប្រគល់អ្នកទៅប៉ូលិស ឬអន្តោប្រវេសន៍ទេ?",
    ),
    Question(
        "forced",
        "treatment",
        ("FL-VIOLENCE", "MEANS-FORCE", "MEANS-ABDUCTION"),
        "Did anyone hit or hurt you, abuse you sexually, or take you somewhere by force?",
        "តើមាននរណាម្នាក់វាយ ឬធ្វើបាបអ្នក រំលោភបំពានផ្លូវភេទលើអ្នក ឬចាប់យកអ្នកទៅកន្លែងណាមួយដោយបង្ខំទេ?",
    ),
    Question(
        "confined",
        "treatment",
        ("FL-MOVEMENT", "FL-ISOLATION", "MEANS-COERCION"),
        "Were you locked in, guarded, or stopped from leaving or from contacting your family?",
        "តើអ្នកត្រូវបានគេចាក់សោទុក ឃ្លាំមើល ឬរារាំងមិនឱ្យចាកចេញ ឬមិនឱ្យទាក់ទងក្រុមគ្រួសាររបស់អ្នកទេ?",
    ),
    Question(
        "documents",
        "treatment",
        ("FL-DOCUMENTS",),
        "Did someone take or keep your passport or identity card?",
        "តើមាននរណាម្នាក់យក ឬរក្សាទុកលិខិតឆ្លងដែន ឬអត្តសញ្ញាណប័ណ្ណរបស់អ្នកទេ?",
    ),
    Question(
        "money",
        "work",
        ("FL-DEBT", "FL-WAGES"),
        "Did you owe a debt you had to work off, or was your pay held back or never paid?",
        "តើអ្នកជំពាក់បំណុលដែលត្រូវធ្វើការសង ឬប្រាក់ឈ្នួលរបស់អ្នកត្រូវបានគេរក្សាទុក ឬមិនបើកឱ្យសោះទេ?",
    ),
    Question(
        "advantage",
        "treatment",
        ("FL-VULNERABILITY", "MEANS-VULNERABILITY", "MEANS-ABUSE-OF-POWER", "MEANS-PAYMENT"),
        "Did someone take advantage of your situation (no papers, no money, not speaking the "
        "language) or of their power over you, or pay your family or a person in charge of you "
        "so that you would go?",
        "តើមាននរណាម្នាក់ឆ្លៀតប្រយោជន៍ពីស្ថានភាពរបស់អ្នក (គ្មានឯកសារ គ្មានលុយ មិនចេះភាសា) "
        "ឬពីអំណាចរបស់គេលើអ្នក ឬបានបង់ប្រាក់ឱ្យគ្រួសាររបស់អ្នក "
        "ឬអ្នកដែលមើលការខុសត្រូវលើអ្នក ដើម្បីឱ្យអ្នកទៅទេ?",
    ),
    Question(
        "forced_work",
        "work",
        ("FL-INVOLUNTARY", "FL-OVERTIME", "FL-CONDITIONS", "PURPOSE-FORCED-LABOUR"),
        "Were you made to do work you did not agree to — very long hours, or dangerous or "
        "degrading conditions — without being able to refuse or quit?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យធ្វើការងារដែលអ្នកមិនបានយល់ព្រម — ធ្វើការច្រើនម៉ោងពេក "
        "ឬក្នុងលក្ខខណ្ឌគ្រោះថ្នាក់ ឬអាម៉ាស់ — ដោយមិនអាចបដិសេធ ឬឈប់បានទេ?",
    ),
    Question(
        "sex",
        "exploitation",
        ("PURPOSE-SEXUAL",),
        "Were you made to sell sex or do sexual acts, including in front of a camera?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យលក់សេវាផ្លូវភេទ ឬធ្វើសកម្មភាពផ្លូវភេទ រួមទាំងនៅមុខកាមេរ៉ាទេ?",
    ),
    Question(
        "crime",
        "exploitation",
        ("PURPOSE-FORCED-CRIMINALITY",),
        "Were you made to scam people online or to commit other crimes?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យបោកប្រាស់មនុស្សតាមអនឡាញ ឬប្រព្រឹត្តបទល្មើសផ្សេងទៀតទេ?",
    ),
    Question(
        "other_exploitation",
        "exploitation",
        ("PURPOSE-FORCED-MARRIAGE", "PURPOSE-SLAVERY", "PURPOSE-SERVITUDE", "PURPOSE-ORGANS"),
        "Were you made to marry, sold or treated as someone's property or servant, or did "
        "anyone take an organ such as a kidney from you?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យរៀបការ ត្រូវបានគេលក់ ឬចាត់ទុកដូចជាកម្មសិទ្ធិ "
        "ឬអ្នកបម្រើរបស់នរណាម្នាក់ ឬមាននរណាម្នាក់យកសរីរាង្គរបស់អ្នក ដូចជាតម្រងនោមទេ?",
    ),
)

# One plain-language question per indicator code, in the order of the catalogue's groups.
_DETAILED_TEXT: dict[str, tuple[str, str]] = {
    "ACT-RECRUITMENT": (
        "Did someone recruit you: offer you a job or a trip, or talk you into going?",
        "តើមាននរណាម្នាក់ជ្រើសរើសអ្នក៖ ផ្ដល់ការងារ ឬការធ្វើដំណើរ ឬបញ្ចុះបញ្ចូលឱ្យអ្នកទៅទេ?",
    ),
    "ACT-TRANSPORT": (
        "Did someone take you, or arrange your travel, to another place or across a border?",
        "តើមាននរណាម្នាក់នាំអ្នក ឬរៀបចំការធ្វើដំណើររបស់អ្នកទៅកន្លែងផ្សេង ឬឆ្លងព្រំដែនទេ?",
    ),
    "ACT-TRANSFER": (
        "Were you handed over, sold or passed from one person or group to another?",
        "តើអ្នកត្រូវបានគេប្រគល់ លក់ ឬផ្ទេរពីមនុស្សម្នាក់ ឬក្រុមមួយទៅមួយទៀតទេ?",
    ),
    "ACT-HARBOURING": (
        "Did someone keep you, hide you or give you a place to stay so that you would work for "
        "them or others?",
        "តើមាននរណាម្នាក់រក្សាទុក លាក់ ឬផ្ដល់កន្លែងស្នាក់នៅដល់អ្នក ដើម្បីឱ្យអ្នកធ្វើការឱ្យពួកគេ ឬអ្នកដទៃទេ?",
    ),
    "ACT-RECEIPT": (
        "When you arrived, did someone meet you and take charge of you?",
        "ពេលអ្នកមកដល់ តើមាននរណាម្នាក់មកទទួល ហើយគ្រប់គ្រងលើអ្នកទេ?",
    ),
    "MEANS-THREAT": (
        "Did anyone threaten you or people close to you to make you go or stay?",
        "តើមាននរណាម្នាក់គំរាមកំហែងអ្នក ឬមនុស្សជិតស្និទ្ធរបស់អ្នក ដើម្បីឱ្យអ្នកទៅ ឬនៅទេ?",
    ),
    "MEANS-FORCE": (
        "Was force used on you to make you go or stay?",
        "តើមានគេប្រើកម្លាំងលើអ្នក ដើម្បីឱ្យអ្នកទៅ ឬនៅទេ?",
    ),
    "MEANS-COERCION": (
        "Were you pressured or forced in any other way, such as by a debt, to go or to stay?",
        "តើអ្នកត្រូវបានគេដាក់សម្ពាធ ឬបង្ខិតបង្ខំតាមវិធីផ្សេងទៀត ដូចជាដោយបំណុល ឱ្យទៅ ឬនៅទេ?",
    ),
    "MEANS-ABDUCTION": (
        "Were you taken away against your will?",
        "តើអ្នកត្រូវបានគេចាប់យកទៅដោយគ្មានឆន្ទៈរបស់អ្នកទេ?",
    ),
    "MEANS-FRAUD": (
        "Were you tricked with false papers, a false contract or a false promise of money?",
        "តើអ្នកត្រូវបានគេបោកដោយឯកសារក្លែងក្លាយ កិច្ចសន្យាក្លែងក្លាយ ឬការសន្យាមិនពិតអំពីប្រាក់ទេ?",
    ),
    "MEANS-DECEPTION": (
        "Were you lied to about the job, the place, the pay or the people you would go with?",
        "តើអ្នកត្រូវបានគេកុហកអំពីការងារ ទីកន្លែង ប្រាក់ឈ្នួល ឬមនុស្សដែលអ្នកនឹងទៅជាមួយទេ?",
    ),
    "MEANS-ABUSE-OF-POWER": (
        "Did someone with power over you — an employer, an official, a relative — use it to "
        "make you go or stay?",
        "តើមាននរណាម្នាក់ដែលមានអំណាចលើអ្នក — និយោជក មន្ត្រី ឬសាច់ញាតិ — ប្រើអំណាចនោះ ដើម្បីឱ្យអ្នកទៅ ឬនៅទេ?",
    ),
    "MEANS-VULNERABILITY": (
        "Did someone take advantage of your situation — poverty, no papers, illness, not "
        "speaking the language — to make you go or stay?",
        "តើមាននរណាម្នាក់ឆ្លៀតប្រយោជន៍ពីស្ថានភាពរបស់អ្នក — ភាពក្រីក្រ គ្មានឯកសារ ជំងឺ "
        "ឬមិនចេះភាសា — ដើម្បីឱ្យអ្នកទៅ ឬនៅទេ?",
    ),
    "MEANS-PAYMENT": (
        "Was money or a favour given to your parents, a relative or someone in charge of you "
        "so that you would go?",
        "តើមានគេផ្ដល់ប្រាក់ ឬអត្ថប្រយោជន៍ដល់ឪពុកម្ដាយ សាច់ញាតិ ឬអ្នកដែលមើលការខុសត្រូវលើអ្នក ដើម្បីឱ្យអ្នកទៅទេ?",
    ),
    "FL-VULNERABILITY": (
        "At work, did your employer take advantage of your situation, for example by "
        "threatening to report you to immigration or to dismiss you?",
        "នៅកន្លែងការងារ តើនិយោជករបស់អ្នកឆ្លៀតប្រយោជន៍ពីស្ថានភាពរបស់អ្នកទេ ឧទាហរណ៍ "
        "គំរាមរាយការណ៍អ្នកទៅអន្តោប្រវេសន៍ ឬគំរាមបណ្ដេញអ្នកចេញ?",
    ),
    "FL-DECEPTION": (
        "Was the job different from what you were promised — the work, the pay, the place or "
        "the hours?",
        "តើការងារខុសពីអ្វីដែលគេបានសន្យានឹងអ្នកទេ — ប្រភេទការងារ ប្រាក់ឈ្នួល ទីកន្លែង ឬម៉ោងធ្វើការ?",
    ),
    "FL-MOVEMENT": (
        "Were you locked in, guarded, or not allowed to leave the workplace or where you lived?",
        "តើអ្នកត្រូវបានគេចាក់សោទុក ឃ្លាំមើល ឬមិនអនុញ្ញាតឱ្យចាកចេញពីកន្លែងការងារ ឬកន្លែងស្នាក់នៅទេ?",
    ),
    "FL-ISOLATION": (
        "Were you kept from contacting your family or anyone outside, or kept somewhere remote?",
        "តើអ្នកត្រូវបានគេរារាំងមិនឱ្យទាក់ទងក្រុមគ្រួសារ ឬអ្នកខាងក្រៅ ឬដាក់ឱ្យនៅកន្លែងដាច់ស្រយាលទេ?",
    ),
    "FL-VIOLENCE": (
        "Were you hit, hurt or sexually abused by your employer or the people in charge?",
        "តើអ្នកត្រូវបាននិយោជក ឬអ្នកទទួលបន្ទុកវាយ ធ្វើបាប ឬរំលោភបំពានផ្លូវភេទទេ?",
    ),
    "FL-THREATS": (
        "Were you threatened, shouted at or frightened to make you keep working?",
        "តើអ្នកត្រូវបានគេគំរាម ស្រែកដាក់ ឬបំភ័យ ដើម្បីឱ្យអ្នកបន្តធ្វើការទេ?",
    ),
    "FL-DOCUMENTS": (
        "Did your employer or a broker take or keep your passport or identity card?",
        "តើនិយោជក ឬមេខ្យល់បានយក ឬរក្សាទុកលិខិតឆ្លងដែន ឬអត្តសញ្ញាណប័ណ្ណរបស់អ្នកទេ?",
    ),
    "FL-WAGES": (
        "Was your pay held back, cut without reason, or never paid?",
        "តើប្រាក់ឈ្នួលរបស់អ្នកត្រូវបានគេរក្សាទុក កាត់ដោយគ្មានហេតុផល ឬមិនបើកឱ្យសោះទេ?",
    ),
    "FL-DEBT": (
        "Did you owe money — for the job, travel, food or housing — that you had to work off "
        "and could not pay back?",
        "តើអ្នកជំពាក់ប្រាក់ — សម្រាប់ការងារ ការធ្វើដំណើរ អាហារ ឬកន្លែងស្នាក់នៅ — "
        "ដែលអ្នកត្រូវធ្វើការសង ហើយមិនអាចសងរួចទេ?",
    ),
    "FL-CONDITIONS": (
        "Did you work or live in dangerous, dirty or degrading conditions, or without enough "
        "food or rest?",
        "តើអ្នកធ្វើការ ឬរស់នៅក្នុងលក្ខខណ្ឌគ្រោះថ្នាក់ កខ្វក់ ឬអាម៉ាស់ ឬគ្មានអាហារ ឬការសម្រាកគ្រប់គ្រាន់ទេ?",
    ),
    "FL-OVERTIME": (
        "Did you have to work far longer hours or more days than agreed, without being able to "
        "refuse?",
        "តើអ្នកត្រូវធ្វើការច្រើនម៉ោង ឬច្រើនថ្ងៃលើសពីការព្រមព្រៀង ដោយមិនអាចបដិសេធបានទេ?",
    ),
    "FL-INVOLUNTARY": (
        "Did you have to do work you did not agree to, or were you unable to refuse the work or "
        "to quit?",
        "តើអ្នកត្រូវធ្វើការងារដែលអ្នកមិនបានយល់ព្រម ឬមិនអាចបដិសេធការងារ ឬឈប់ពីការងារបានទេ?",
    ),
    "PURPOSE-SEXUAL": (
        "Were you made to sell sex or do sexual acts, including in front of a camera?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យលក់សេវាផ្លូវភេទ ឬធ្វើសកម្មភាពផ្លូវភេទ រួមទាំងនៅមុខកាមេរ៉ាទេ?",
    ),
    "PURPOSE-FORCED-LABOUR": (
        "Were you made to work or to serve others against your will?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យធ្វើការ ឬបម្រើអ្នកដទៃដោយគ្មានឆន្ទៈរបស់អ្នកទេ?",
    ),
    "PURPOSE-FORCED-CRIMINALITY": (
        "Were you made to scam people online, sell drugs, steal or commit other crimes?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យបោកប្រាស់មនុស្សតាមអនឡាញ លក់គ្រឿងញៀន លួច ឬប្រព្រឹត្តបទល្មើសផ្សេងទៀតទេ?",
    ),
    "PURPOSE-FORCED-MARRIAGE": (
        "Were you made to marry, or promised or sold in marriage?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យរៀបការ ឬត្រូវបានគេសន្យា ឬលក់ដើម្បីរៀបការទេ?",
    ),
    "PURPOSE-SLAVERY": (
        "Were you bought, sold or treated as someone's property?",
        "តើអ្នកត្រូវបានគេទិញ លក់ ឬចាត់ទុកដូចជាកម្មសិទ្ធិរបស់នរណាម្នាក់ទេ?",
    ),
    "PURPOSE-SERVITUDE": (
        "Were you made to live and serve in someone's household or place with no way to leave?",
        "តើអ្នកត្រូវបានគេបង្ខំឱ្យរស់នៅ និងបម្រើក្នុងផ្ទះ ឬកន្លែងរបស់នរណាម្នាក់ ដោយគ្មានផ្លូវចាកចេញទេ?",
    ),
    "PURPOSE-ORGANS": (
        "Did anyone take, or try to take, an organ such as a kidney from you?",
        "តើមាននរណាម្នាក់យក ឬព្យាយាមយកសរីរាង្គរបស់អ្នក ដូចជាតម្រងនោមទេ?",
    ),
    "HARM-PHYSICAL": (
        "Were you injured or made ill, or denied food, sleep or medical care?",
        "តើអ្នករងរបួស ឬឈឺ ឬត្រូវបានគេមិនឱ្យមានអាហារ ការគេង ឬការថែទាំសុខភាពទេ?",
    ),
    "HARM-SEXUAL": (
        "Were you sexually abused or assaulted?",
        "តើអ្នកត្រូវបានគេរំលោភបំពាន ឬវាយប្រហារផ្លូវភេទទេ?",
    ),
    "HARM-MENTAL": (
        "Do you often feel very afraid, hopeless or unable to sleep because of what happened?",
        "តើអ្នកតែងមានអារម្មណ៍ភ័យខ្លាចខ្លាំង អស់សង្ឃឹម ឬគេងមិនលក់ ដោយសារអ្វីដែលបានកើតឡើងទេ?",
    ),
    "HARM-FINANCIAL": (
        "Did you lose money, property or earnings, or end up in debt because of what happened?",
        "តើអ្នកបាត់បង់ប្រាក់ ទ្រព្យសម្បត្តិ ឬប្រាក់ចំណូល ឬជាប់បំណុល ដោយសារអ្វីដែលបានកើតឡើងទេ?",
    ),
}

_SECTION_OF_GROUP = {
    Group.ACT: "journey",
    Group.MEANS: "treatment",
    Group.FORCED_LABOUR: "work",
    Group.PURPOSE: "exploitation",
    Group.HARM: "harm",
}
_SECTION_ORDER = list(SECTIONS)


def _detailed() -> tuple[Question, ...]:
    questions = [
        Question(
            i.code.lower(),
            _SECTION_OF_GROUP[i.group],
            (i.code,),
            *_DETAILED_TEXT[i.code],
        )
        for i in INDICATORS
    ]
    return tuple(sorted(questions, key=lambda q: _SECTION_ORDER.index(q.section)))


DETAILED: tuple[Question, ...] = _detailed()

FORMS: dict[FormKind, tuple[Question, ...]] = {FormKind.SHORT: SHORT, FormKind.DETAILED: DETAILED}


def questions_for(kind: str) -> tuple[Question, ...]:
    return FORMS[FormKind(kind)]


def observations_from(
    questions: tuple[Question, ...], answers: Mapping[str, str]
) -> dict[str, str]:
    """Indicator observations from answers keyed by question.

    Where two questions name the same code, yes wins over don't know, and don't know over no.
    """
    strength = {"no": 0, "unknown": 1, "yes": 2}
    observations: dict[str, str] = {}
    for question in questions:
        value = answers.get(question.key, "unknown")
        for code in question.codes:
            if strength[value] >= strength.get(observations.get(code, "no"), 0):
                observations[code] = value
    return observations


def check_codes() -> None:
    """Fail loudly at import if a question names a code missing from the catalogue."""
    for question in (*SHORT, *DETAILED):
        missing = set(question.codes) - set(BY_CODE)
        if missing:
            raise ValueError(f"question {question.key} names unknown codes {sorted(missing)}")


check_codes()

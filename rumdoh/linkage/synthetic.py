"""Synthetic Cambodian person records with the variation agencies produce, to measure linkage.

``generate(size, seed)`` returns ``size`` records of made-up people with the true person of each
record. About 15% of people are recorded by 2-4 agencies (a further record comes from an agency
that has not recorded the person yet, in 5% of cases from one that has and did not find her
when it searched); each record of a person varies as real
records do: syllable spellings (Bopha/Bupha, Ouk/Uk), compound given names joined or split
(Sreymom/Srey Mom), given and family names swapped, estimated birth years (1-3 years off, most
marked as estimated, some not or marked as known, as forms are filled in) or none, typing
errors, missing phone, document or province, another phone, a home address given to the
village, the commune, the district or not at all (place names are romanised Khmer and vary like
names), and Khmer-only records (name and address in Khmer script only). Names are
drawn with a skewed frequency, so common namesakes (two different women called Srey Mom Chan
born the same year) occur as they do in the register. Khmer family names are mostly an
ancestor's given name: half the people carry one of the common family names below, the other
half a father's or grandfather's given name (one word of the given names). Nothing here is a
real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rumdoh.linkage.rules.records import LinkRecord

# (Khmer script, romanisations, the first the most usual)
FAMILY_NAMES: list[tuple[str, tuple[str, ...]]] = [
    ("សុខ", ("Sok", "Sokh")),
    ("ចាន់", ("Chan", "Chann", "Chanh")),
    ("ជា", ("Chea", "Cheah", "Chia")),
    ("គឹម", ("Kim", "Kym")),
    ("កែវ", ("Keo", "Kaev", "Kev")),
    ("ហេង", ("Heng",)),
    ("លី", ("Ly", "Li", "Lee")),
    ("អ៊ុក", ("Ouk", "Uk")),
    ("ពៅ", ("Pov", "Pao")),
    ("ម៉ៅ", ("Mao", "Mau")),
    ("សេង", ("Seng", "Sing")),
    ("ទូច", ("Touch", "Tuch", "Toch")),
    ("ឡុង", ("Long", "Lorng")),
    ("ប៊ុន", ("Bun", "Boun")),
    ("នួន", ("Nuon", "Nuan")),
    ("យិម", ("Yim", "Yem")),
    ("ខៀវ", ("Khiev", "Khieu", "Kheav")),
    ("ឈួន", ("Chhuon", "Chuon")),
    ("មាស", ("Meas", "Mias")),
    ("ប្រាក់", ("Prak", "Prakh")),
    ("ផាន", ("Phan", "Phann")),
    ("លឹម", ("Lim", "Lem")),
    ("ទេព", ("Tep", "Teb")),
    ("ស៊ុន", ("Sun", "Soun")),
    ("ស៊ាង", ("Seang", "Sieng")),
    ("ភាព", ("Pheap", "Phiep")),
    ("ហ៊ុន", ("Hun", "Houn")),
    ("សំ", ("Sam", "Samm")),
    ("ណុប", ("Nop", "Nob")),
    ("ប៉ែន", ("Pen", "Paen")),
    ("តាំង", ("Taing", "Tang")),
    ("អ៊ឹង", ("Ung", "Oeng")),
    ("ស៊ិន", ("Sin", "Sinn")),
    ("ឆេង", ("Chheng", "Cheng")),
    ("ហ៊ាង", ("Hang", "Heang")),
    ("ឃុន", ("Khun", "Khon")),
    ("វង្ស", ("Vong", "Voung")),
    ("ហួត", ("Huot", "Hout")),
    ("ស្រេង", ("Sreng", "Sreang")),
    ("ឆាយ", ("Chhay", "Chay")),
]

# Given names are one word or two joined (Srey + Mom = Sreymom, ស្រីមុំ); each word has its
# Khmer spelling and its romanisations. The first list is used more by women, the second by men.
FEMALE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("ស្រី", ("Srey", "Srei")),
    ("មុំ", ("Mom", "Morm")),
    ("ពៅ", ("Pov", "Pao")),
    ("នាង", ("Neang", "Niang")),
    ("និច", ("Nich", "Nech")),
    ("លីន", ("Lin", "Linn")),
    ("បុប្ផា", ("Bopha", "Bupha")),
    ("សុខា", ("Sokha", "Sukha")),
    ("ធីតា", ("Thida", "Thyda")),
    ("លីដា", ("Lida", "Lyda")),
    ("ពេជ្រ", ("Pich", "Petch", "Pech")),
    ("ដារ៉ា", ("Dara", "Darra")),
    ("វណ្ណា", ("Vanna", "Vana")),
    ("សុភា", ("Sophea", "Sophia")),
    ("ពិសី", ("Pisey", "Pisei")),
    ("ណារី", ("Nary", "Nari")),
    ("ម៉ាលី", ("Maly", "Mali")),
    ("ចិន្តា", ("Chenda", "Chinda")),
    ("ស៊ីណា", ("Sina", "Seena")),
    ("ភាព", ("Pheap", "Phiep")),
    ("មាស", ("Meas", "Mias")),
    ("កែវ", ("Keo", "Kaev")),
    ("ចាន់", ("Chan", "Chann")),
    ("ថា", ("Tha", "Thar")),
    ("រស្មី", ("Rasmey", "Reasmey")),
    ("សុភ័ក្ត្រ", ("Sopheak", "Sophiak")),
    ("ចរិយា", ("Chariya", "Charya")),
    ("សុជាតា", ("Socheata", "Sochiata")),
    ("រចនា", ("Rachana", "Rachna")),
    ("ស្រីរ័ត្ន", ("Sreyroth", "Sreyrath")),
    ("ចន្ទ្រា", ("Chantrea", "Chantria")),
    ("មករា", ("Makara", "Makkara")),
    ("ស៊ីម", ("Sim", "Sym")),
    ("ណា", ("Na", "Nah")),
    ("ឡាង", ("Lang", "Leang")),
    ("រ៉ា", ("Ra", "Rah")),
    ("កញ្ញា", ("Kanha", "Kagna")),
    ("សុធា", ("Sothea", "Sothia")),
    ("នារី", ("Neary", "Neari")),
    ("លក្ខិណា", ("Leakhena", "Lakhena")),
    ("ធារី", ("Theary", "Thiary")),
    ("រតនា", ("Ratana", "Rathana")),
    ("គន្ធា", ("Kunthea", "Kanthea")),
    ("សុភី", ("Sophy", "Sophi")),
    ("ភួង", ("Phuong", "Phoung")),
    ("វាសនា", ("Veasna", "Viasna")),
    ("ណាវី", ("Navy", "Navi")),
    ("សុម៉ាលី", ("Somaly", "Somali")),
    ("ទេវី", ("Tevy", "Tevi")),
    ("សុជា", ("Sochea", "Sochia")),
    ("ច័ន្ទ", ("Chan", "Chann")),
    ("ស៊ីថា", ("Sitha", "Setha")),
    ("ណាលីន", ("Nalin", "Nalinn")),
    ("សុខលី", ("Sokly", "Sokhly")),
    ("ម៉ានី", ("Many", "Mani")),
    ("កុសុម", ("Kosom", "Kosum")),
]
MALE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("សុខ", ("Sok", "Sokh")),
    ("ចាន់", ("Chan", "Chann")),
    ("សំណាង", ("Samnang", "Samnaang")),
    ("សុវណ្ណ", ("Sovann", "Sovan")),
    ("សុផល", ("Sophal", "Sophall")),
    ("គង់", ("Kong", "Korng")),
    ("វិចិត្រ", ("Vichet", "Vicheth")),
    ("វិសាល", ("Visal", "Visall")),
    ("ពិសិដ្ឋ", ("Piseth", "Pisith")),
    ("រិទ្ធី", ("Rithy", "Rithi")),
    ("ដារ៉ា", ("Dara", "Darra")),
    ("ហេង", ("Heng",)),
    ("ឃីម", ("Khim", "Kim")),
    ("ទូច", ("Touch", "Tuch")),
    ("ស៊ុន", ("Sun", "Soun")),
    ("រដ្ឋា", ("Ratha", "Rotha")),
    ("វណ្ណា", ("Vanna", "Vana")),
    ("ពៅ", ("Pov", "Pao")),
    ("មាស", ("Meas", "Mias")),
    ("ភាព", ("Pheap", "Phiep")),
    ("ស៊ាង", ("Seang", "Sieng")),
    ("ប៊ុន", ("Bun", "Boun")),
    ("ថា", ("Tha", "Thar")),
    ("សេង", ("Seng", "Sing")),
    ("វិបុល", ("Vibol", "Vibul")),
    ("សុភ័ណ្ឌ", ("Sophorn", "Sophon")),
    ("ចំរើន", ("Chamroeun", "Chamreun")),
    ("បញ្ញា", ("Panha", "Banha")),
    ("ពន្លក", ("Ponlok", "Punlok")),
    ("វុទ្ធី", ("Vuthy", "Vuthi")),
    ("សារ៉ាត់", ("Sarath", "Sarat")),
    ("ធារ៉ា", ("Theara", "Thiara")),
    ("មុនី", ("Mony", "Moni")),
    ("ឧត្តម", ("Oudom", "Udom")),
    ("កុសល", ("Kosal", "Kusal")),
    ("ភារម្យ", ("Pheareom", "Phearum")),
    ("សុវត្ថិ", ("Sovath", "Sovatt")),
    ("បូរ៉ា", ("Bora", "Borra")),
    ("សុភាព", ("Sopheap", "Sophiep")),
    ("វីរៈ", ("Vireak", "Virak")),
    ("សម្បត្តិ", ("Sambath", "Sambat")),
    ("ផល្លា", ("Phalla", "Phala")),
    ("ម៉េង", ("Meng", "Mheng")),
    ("វុធ", ("Vuth", "Voth")),
    ("ហុង", ("Hong", "Horng")),
    ("ម៉ានិត", ("Manith", "Manit")),
    ("សិលា", ("Sela", "Seila")),
    ("ពុទ្ធី", ("Puthy", "Puthi")),
    ("ណារិន", ("Narin", "Narinn")),
    ("សាវឿន", ("Savoeun", "Saveun")),
    ("ធឿន", ("Thoeun", "Theun")),
    ("រិន", ("Rin", "Rinn")),
    ("ឃុន", ("Khun", "Khon")),
    ("ហួត", ("Huot", "Hout")),
    ("ស្រេង", ("Sreng", "Sreang")),
    ("ឆាយ", ("Chhay", "Chay")),
]


# Words of Cambodian place names (Prey Veng, Kampong Trach, Tuol Svay...), Khmer spelling and
# romanisations, the first the most usual. A place name is two of them.
PLACE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("ព្រៃ", ("Prey", "Prei")),
    ("កំពង់", ("Kampong", "Kompong")),
    ("ស្វាយ", ("Svay", "Svai")),
    ("ទួល", ("Tuol", "Toul")),
    ("ត្រពាំង", ("Trapeang", "Trapaing")),
    ("បឹង", ("Boeng", "Beng")),
    ("ជ្រៃ", ("Chrey", "Chrei")),
    ("ថ្មី", ("Thmei", "Thmey")),
    ("កណ្ដាល", ("Kandal", "Kandaal")),
    ("ភ្នំ", ("Phnum", "Phnom")),
    ("ស្លា", ("Sla", "Slaa")),
    ("គោក", ("Kouk", "Kok")),
    ("តា", ("Ta", "Taa")),
    ("ចំការ", ("Chamkar", "Chamka")),
    ("រកា", ("Roka", "Rokar")),
    ("អន្លង់", ("Anlong", "Anlung")),
    ("អំពិល", ("Ampil", "Ampel")),
    ("ដើម", ("Daeum", "Doeum")),
    ("ស្ពាន", ("Spean", "Spien")),
    ("វាល", ("Veal", "Vial")),
    ("ក្រសាំង", ("Krasang", "Krasaing")),
    ("ថ្នល់", ("Thnal", "Thnol")),
    ("ព្រះ", ("Preah", "Preas")),
    ("ក្រោម", ("Kraom", "Krom")),
    ("លើ", ("Leu", "Loeu")),
    ("ជើង", ("Cheung", "Choeng")),
    ("ត្បូង", ("Tboung", "Tbong")),
    ("កើត", ("Kaeut", "Koeut")),
    ("លិច", ("Lech", "Lich")),
    ("ចាស់", ("Chas", "Chaas")),
    ("សំបួរ", ("Sambuor", "Sambour")),
    ("ដូង", ("Doung", "Dong")),
    ("អូរ", ("Ou", "Or")),
    ("ក្រាំង", ("Krang", "Kraing")),
    ("រមាស", ("Romeas", "Romias")),
    ("ព្រីង", ("Pring", "Preng")),
    ("ចេក", ("Chek", "Cheik")),
    ("សំរោង", ("Samraong", "Samrong")),
    ("ខ្នារ", ("Khnar", "Khnear")),
    ("ល្វា", ("Lvea", "Lvear")),
    ("ត្រាច", ("Trach", "Tranch")),
    ("រលួស", ("Roluos", "Roluh")),
    ("ស្រែ", ("Srae", "Sre")),
    ("ឫស្សី", ("Russey", "Ruessei")),
    ("ចុង", ("Chong", "Chung")),
    ("ក្បាល", ("Kbal", "Kbaal")),
    ("ស្ទឹង", ("Stueng", "Steung")),
    ("កោះ", ("Kaoh", "Koh")),
    ("ដី", ("Dei", "Dey")),
    ("ក្រហម", ("Kraham", "Krahom")),
]
# As in Cambodia: 25 provinces, about 200 districts, 1,600 communes and 13,000 villages.
DISTRICTS_PER_PROVINCE = COMMUNES_PER_DISTRICT = VILLAGES_PER_COMMUNE = 8

PROVINCES = [f"{code:02d}" for code in range(1, 26)]
AGENCIES = ["MOSVY", "police", "NGO-A", "NGO-B", "NGO-C", "immigration", "court", "hotline"]
#: Share of a person's further records made by an agency that had recorded her already.
SAME_AGENCY_AGAIN = 0.05
NATIONALITIES = ["KH"] * 96 + ["VN"] * 2 + ["TH"] * 2


Word = tuple[str, tuple[str, ...]]  # Khmer spelling, romanisations
Place = tuple[int, int]  # two place words


@dataclass(frozen=True)
class Person:
    family: Word
    given: tuple[int, ...]
    female: bool
    birth_year: int
    birth_date: str
    province: str
    home: tuple[Place, Place, Place] | None  # district, commune, village; None abroad
    phone: str
    document: str
    nationality: str


def _zipf_weights(count: int, exponent: float) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def _place_names(seed: int) -> dict[tuple[int, ...], Place]:
    """The name of every district, commune and village, by its path from the province."""
    rng = random.Random(seed)  # noqa: S311 - made-up places
    words = len(PLACE_WORDS)
    names: dict[tuple[int, ...], Place] = {}
    for province in range(len(PROVINCES)):
        for district in range(DISTRICTS_PER_PROVINCE):
            names[(province, district)] = (rng.randrange(words), rng.randrange(words))
            for commune in range(COMMUNES_PER_DISTRICT):
                path = (province, district, commune)
                names[path] = (rng.randrange(words), rng.randrange(words))
                for village in range(VILLAGES_PER_COMMUNE):
                    names[(*path, village)] = (rng.randrange(words), rng.randrange(words))
    return names


def _home(
    rng: random.Random, places: dict[tuple[int, ...], Place]
) -> tuple[str, tuple[Place, Place, Place]]:
    province = rng.randrange(len(PROVINCES))
    district = rng.randrange(DISTRICTS_PER_PROVINCE)
    commune = rng.randrange(COMMUNES_PER_DISTRICT)
    village = rng.randrange(VILLAGES_PER_COMMUNE)
    return PROVINCES[province], (
        places[(province, district)],
        places[(province, district, commune)],
        places[(province, district, commune, village)],
    )


def _person(
    rng: random.Random, weights: dict[str, list[float]], places: dict[tuple[int, ...], Place]
) -> Person:
    female = rng.random() < 0.7
    words = FEMALE_WORDS if female else MALE_WORDS
    kind = "female" if female else "male"
    first = rng.choices(range(len(words)), weights[kind])[0]
    given: tuple[int, ...] = (first,)
    if rng.random() < 0.7 or words[first][0] == "ស្រី":  # Srey begins a compound name
        second = rng.choices(range(1, len(words)), weights[kind][1:])[0]
        given = (first, second) if second != first else (first,)
    year = rng.randint(1960, 2012)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.4 else ""
    if rng.random() < 0.5:
        family = FAMILY_NAMES[rng.choices(range(len(FAMILY_NAMES)), weights["family"])[0]]
    else:  # an ancestor's given name
        family = MALE_WORDS[rng.choices(range(len(MALE_WORDS)), weights["male"])[0]]
    nationality = rng.choice(NATIONALITIES)
    province, home = _home(rng, places)
    return Person(
        family=family,
        given=given,
        female=female,
        birth_year=year,
        birth_date=date,
        province=province if nationality == "KH" else rng.choice(PROVINCES),
        home=home if nationality == "KH" else None,
        phone=f"0{rng.choice('16789')}{rng.randint(0, 9_999_999):07d}"
        if rng.random() < 0.6
        else "",
        document=f"{rng.randint(10**8, 10**9 - 1)}" if rng.random() < 0.3 else "",
        nationality=nationality,
    )


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    at = rng.randrange(1, len(word))
    kind = rng.random()
    letter = rng.choice("aeiouknmst")
    if kind < 0.33:
        return word[:at] + word[at + 1 :]
    if kind < 0.66:
        return word[:at] + letter + word[at:]
    return word[:at] + letter + word[at + 1 :]


def _spelling(rng: random.Random, variants: tuple[str, ...], first: bool) -> str:
    if first or rng.random() < 0.5:
        return variants[0]
    return rng.choice(variants)


def _place(rng: random.Random, place: Place, khmer: bool, first: bool) -> str:
    one, two = PLACE_WORDS[place[0]], PLACE_WORDS[place[1]]
    if khmer:
        return one[0] + two[0]
    name = f"{_spelling(rng, one[1], first)} {_spelling(rng, two[1], first)}"
    return _typo(rng, name) if rng.random() < 0.03 else name


def _address(rng: random.Random, person: Person, khmer: bool, first: bool) -> tuple[str, str, str]:
    """District, commune and village as one record gives them: to the village (45%), the
    commune (20%), the district (10%) or not at all; sometimes where the person lives now, in
    another commune of the district."""
    if person.home is None:
        return "", "", ""
    district, commune, village = person.home
    if not first and rng.random() < 0.05:
        commune, village = (
            (rng.randrange(len(PLACE_WORDS)), rng.randrange(len(PLACE_WORDS))) for _ in "cv"
        )
    roll = rng.random()
    depth = 3 if roll < 0.45 else 2 if roll < 0.65 else 1 if roll < 0.75 else 0
    names = [_place(rng, place, khmer, first) for place in (district, commune, village)[:depth]]
    names += [""] * (3 - depth)
    return names[0], names[1], names[2]


def _age_precision(told: random.Random, estimated: bool, year: int | None, date: str) -> str:
    """How the record says the year is known, as workers fill it in: an estimated age mostly
    marked so, sometimes not said or taken for a known year; a known year sometimes not said,
    or marked estimated by a worker unsure of the papers."""
    roll = told.random()
    if year is None:
        return ""
    if estimated:
        return "estimated" if roll < 0.7 else "" if roll < 0.9 else "year"
    if date:
        return "date"
    return "year" if roll < 0.75 else "" if roll < 0.95 else "estimated"


def _agencies(drawn: random.Random, copies: int) -> list[str]:
    """The agencies that record one person: each further record comes from an agency that has
    not recorded her yet, except when the agency's own search before recording missed her
    (``SAME_AGENCY_AGAIN`` of further records)."""
    chosen = [drawn.choice(AGENCIES)]
    for _ in range(copies - 1):
        others = [agency for agency in AGENCIES if agency not in chosen]
        again = drawn.random() < SAME_AGENCY_AGAIN
        chosen.append(drawn.choice(chosen if again else others))
    return chosen


def _record(
    rng: random.Random,
    told: random.Random,
    record_id: str,
    person: Person,
    first: bool,
    agency: str,
) -> LinkRecord:
    family_km, family_latin = person.family
    words = [(FEMALE_WORDS if person.female else MALE_WORDS)[i] for i in person.given]
    khmer_only = not first and rng.random() < 0.10
    if khmer_only:
        given, family = "".join(km for km, _ in words), family_km
    else:
        parts = [_spelling(rng, latin, first) for _, latin in words]
        joined = rng.random() < (0.7 if first else 0.5)
        given = "".join(parts).capitalize() if joined else " ".join(parts)
        family = _spelling(rng, family_latin, first)
        if rng.random() < 0.05:
            given = _typo(rng, given)
        if rng.random() < 0.03:
            family = _typo(rng, family)
    if rng.random() < 0.10:
        given, family = family, given
    year: int | None = person.birth_year
    date = person.birth_date
    roll = rng.random()
    estimated = roll < 0.20
    if estimated:
        year = person.birth_year + rng.choice((-3, -2, -1, 1, 2, 3))  # age estimated
        date = ""
    elif roll < 0.30:
        year, date = None, ""
    elif rng.random() < 0.3:
        date = ""
    district, commune, village = _address(rng, person, khmer_only, first)
    phone = person.phone if rng.random() < 0.6 else ""
    if rng.random() < 0.1:
        phone = f"0{rng.choice('16789')}{rng.randint(0, 9_999_999):07d}"  # another phone
    rng.choice(AGENCIES)  # the agency was drawn here; drawn apart now, every other field as it was
    return LinkRecord(
        record_id=record_id,
        agency=agency,
        given_name=given,
        family_name=family,
        sex=("F" if person.female else "M") if rng.random() < 0.95 else "",
        birth_year=year,
        birth_date=date,
        age_precision=_age_precision(told, estimated, year, date),
        province=person.province if district or rng.random() < 0.4 else "",
        district=district,
        commune=commune,
        village=village,
        phone=phone,
        nationality=person.nationality if rng.random() < 0.9 else "",
        document_number=person.document if rng.random() < 0.5 else "",
    )


def generate(size: int, seed: int = 8) -> tuple[list[LinkRecord], dict[str, int]]:
    """``size`` records and, for each record id, the true person it records."""
    rng = random.Random(seed)  # noqa: S311 - made-up people, not secrets
    weights = {
        "family": _zipf_weights(len(FAMILY_NAMES), 0.8),
        "female": _zipf_weights(len(FEMALE_WORDS), 0.7),
        "male": _zipf_weights(len(MALE_WORDS), 0.7),
    }
    places = _place_names(seed)
    # What records say of how the age is known is drawn apart, so that the rest of every
    # record is the same as without it.
    told = random.Random(seed + 1)  # noqa: S311
    drawn = random.Random(seed + 2)  # noqa: S311 - the recording agencies, apart too
    records: list[LinkRecord] = []
    truth: dict[str, int] = {}
    person_number = 0
    while len(records) < size:
        person = _person(rng, weights, places)
        copies = rng.randint(2, 4) if rng.random() < 0.15 else 1
        agencies = _agencies(drawn, copies)
        for copy in range(min(copies, size - len(records))):
            record_id = f"R{len(records) + 1:07d}"
            records.append(_record(rng, told, record_id, person, copy == 0, agencies[copy]))
            truth[record_id] = person_number
        person_number += 1
    order = list(range(len(records)))
    rng.shuffle(order)
    return [records[i] for i in order], truth

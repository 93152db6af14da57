"""Demo entries of the service-provider directory, for the demo agencies of ``agencies``."""

from typing import Any

from django.db import transaction

from rumdoh.accounts.models import Agency
from rumdoh.protection.choices import ServiceArea as S
from rumdoh.protection.models import ServiceProvider

ALL_CARE = [
    S.HOUSING,
    S.MEDICAL,
    S.PSYCHOLOGICAL,
    S.EDUCATION,
    S.ECONOMIC,
    S.ADMINISTRATIVE,
    S.SAFETY,
    S.FAMILY,
    S.CASE_MANAGEMENT,
]
SEA_LANGUAGES = ["km", "en", "th", "vi", "zh", "id", "ms", "fil"]

# agency name, provider fields
PROVIDERS: list[tuple[str, dict[str, Any]]] = [
    (
        "Safe Haven Shelter (NGO)",
        {
            "name": "Safe Haven Shelter for Women and Girls",
            "name_km": "ជម្រកសុវត្ថិភាពសម្រាប់ស្ត្រី និងក្មេងស្រី",
            "province": "12",
            "services": [*ALL_CARE, S.LEGAL_AID],
            "sexes": ["female"],
            "min_age": 12,
            "max_age": None,
            "nationalities": [],
            "languages": ["km", "en", "vi"],
            "capacity": 40,
            "free_places": 6,
            "description": "Residential care, counselling and vocational training.",
        },
    ),
    (
        "Battambang Family Care (NGO)",
        {
            "name": "Battambang Family Care Community Programme",
            "name_km": "កម្មវិធីថែទាំគ្រួសារតាមសហគមន៍បាត់ដំបង",
            "province": "02",
            "services": [
                S.CASE_MANAGEMENT,
                S.FAMILY,
                S.ECONOMIC,
                S.EDUCATION,
                S.PSYCHOLOGICAL,
            ],
            "nationalities": ["KH"],
            "languages": ["km", "th"],
            "capacity": 60,
            "free_places": 15,
            "description": "Family-based reintegration and small-business grants; no residence.",
        },
    ),
    (
        "Siem Reap Youth Shelter (NGO)",
        {
            "name": "Siem Reap Youth Shelter",
            "name_km": "ជម្រកយុវជនសៀមរាប",
            "province": "17",
            "services": [S.HOUSING, S.MEDICAL, S.PSYCHOLOGICAL, S.EDUCATION, S.CASE_MANAGEMENT],
            "min_age": 10,
            "max_age": 17,
            "languages": ["km", "en"],
            "capacity": 24,
            "free_places": 3,
            "description": "Children and adolescents; custody transfer from social affairs needed.",
        },
    ),
    (
        "Men's Recovery House (NGO)",
        {
            "name": "Men's Recovery House",
            "name_km": "ផ្ទះស្ដារនីតិសម្បទាសម្រាប់បុរស",
            "province": "18",
            "services": [
                S.HOUSING,
                S.MEDICAL,
                S.PSYCHOLOGICAL,
                S.ECONOMIC,
                S.CASE_MANAGEMENT,
                S.REPATRIATION,
            ],
            "sexes": ["male"],
            "min_age": 18,
            "languages": SEA_LANGUAGES,
            "capacity": 30,
            "free_places": 8,
            "description": "For men leaving scam compounds and fishing boats, foreigners included.",
        },
    ),
    (
        "Poipet Transit Centre",
        {
            "name": "Poipet Transit Centre",
            "name_km": "មជ្ឈមណ្ឌលស្នាក់នៅបណ្ដោះអាសន្នប៉ោយប៉ែត",
            "province": "01",
            "services": [S.HOUSING, S.MEDICAL, S.ADMINISTRATIVE, S.CASE_MANAGEMENT, S.SAFETY],
            "languages": ["km", "th"],
            "capacity": 120,
            "free_places": 45,
            "description": "Deportees from Thailand: screening, first aid, travel home.",
        },
    ),
    (
        "Kam Rieng Transit Centre",
        {
            "name": "Kam Rieng Transit Centre",
            "name_km": "មជ្ឈមណ្ឌលស្នាក់នៅបណ្ដោះអាសន្នកំរៀង",
            "province": "02",
            "services": [S.HOUSING, S.MEDICAL, S.ADMINISTRATIVE, S.CASE_MANAGEMENT],
            "languages": ["km", "th"],
            "capacity": 60,
            "free_places": 20,
        },
    ),
    (
        "Legal Aid for Survivors (NGO)",
        {
            "name": "Legal Aid for Survivors",
            "name_km": "ជំនួយផ្នែកច្បាប់សម្រាប់ជនរងគ្រោះ",
            "province": "12",
            "services": [S.LEGAL_AID, S.ADMINISTRATIVE],
            "languages": ["km", "en", "zh"],
            "capacity": 200,
            "free_places": 70,
            "description": "Lawyers for complaints, compensation claims and court hearings.",
        },
    ),
    (
        "International Organization for Migration, Cambodia",
        {
            "name": "IOM Return and Reintegration Assistance",
            "name_km": "ជំនួយការវិលត្រឡប់ និងការធ្វើសមាហរណកម្មឡើងវិញរបស់ IOM",
            "province": "12",
            "services": [S.REPATRIATION, S.ADMINISTRATIVE, S.ECONOMIC, S.MEDICAL],
            "nationalities": [],
            "languages": SEA_LANGUAGES,
            "capacity": 100,
            "free_places": 25,
            "description": "Assisted return of foreign victims and reintegration grants.",
        },
    ),
]


# The consular assistance of each embassy, for its own nationals only: travel documents and a
# safe return (nationality, embassy, provider name, Khmer name, languages).
EMBASSIES = [
    (
        "CN",
        "Embassy of the People's Republic of China in Cambodia",
        "Embassy of China: consular protection and return",
        "ស្ថានទូតចិន៖ ការការពារកុងស៊ុល និងការវិលត្រឡប់",
        ["zh", "en", "km"],
    ),
    (
        "VN",
        "Embassy of the Socialist Republic of Viet Nam in Cambodia",
        "Embassy of Viet Nam: consular protection and return",
        "ស្ថានទូតវៀតណាម៖ ការការពារកុងស៊ុល និងការវិលត្រឡប់",
        ["vi", "en", "km"],
    ),
    (
        "ID",
        "Embassy of the Republic of Indonesia in Cambodia",
        "Embassy of Indonesia: consular protection and return",
        "ស្ថានទូតឥណ្ឌូនេស៊ី៖ ការការពារកុងស៊ុល និងការវិលត្រឡប់",
        ["id", "ms", "en"],
    ),
    (
        "TH",
        "Royal Thai Embassy in Cambodia",
        "Royal Thai Embassy: consular protection and return",
        "ស្ថានទូតថៃ៖ ការការពារកុងស៊ុល និងការវិលត្រឡប់",
        ["th", "en", "km"],
    ),
]
PROVIDERS += [
    (
        embassy,
        {
            "name": name,
            "name_km": name_km,
            "province": "12",
            "services": [S.REPATRIATION, S.ADMINISTRATIVE, S.FAMILY],
            "nationalities": [nationality],
            "languages": languages,
            "capacity": 50,
            "free_places": 20,
            "description": "Travel documents, contact with the family and a safe return home "
            "for the embassy's own nationals.",
        },
    )
    for nationality, embassy, name, name_km, languages in EMBASSIES
]
EMBASSY_PROVIDERS = {nationality: name for nationality, _e, name, _km, _l in EMBASSIES}


@transaction.atomic
def ensure_demo_providers(agencies: list[Agency]) -> list[ServiceProvider]:
    """Create the demo providers whose agency is among ``agencies``; idempotent."""
    by_name = {a.name: a for a in agencies}
    providers = []
    for agency_name, fields in PROVIDERS:
        agency = by_name.get(agency_name)
        if agency is None:
            continue
        values = {"province": agency.province, **fields}
        provider, _created = ServiceProvider.objects.get_or_create(
            agency=agency, name=values.pop("name"), defaults=values
        )
        providers.append(provider)
    return providers

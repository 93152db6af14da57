"""Demo agencies and users: one realistic agency of each kind, one user per role.

The criminal process needs a little more: provincial police units under the national department
(whose supervisor sees the custody clocks of the units below), the prosecutor's office and court
of each of their provinces, and the Court of Appeal. Their officials are ``STAFF``: named on the
cases the demo data generates, but without a password — they cannot sign in.
"""

from django.db import transaction

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.demo import linkage

DEMO_PASSWORD = "rumdoh-demo-2026"  # noqa: S105 - printed for the demo, never used in production
APPEAL_COURT = "Court of Appeal"

AGENCIES = [
    # name, Khmer name, kind, province, may identify
    (
        "Ministry of Social Affairs, Victim Protection Department",
        "ក្រសួងសង្គមកិច្ច នាយកដ្ឋានការពារជនរងគ្រោះ",
        AgencyKind.MINISTRY,
        "12",
        True,
    ),
    (
        "Banteay Meanchey Department of Social Affairs",
        "មន្ទីរសង្គមកិច្ចខេត្តបន្ទាយមានជ័យ",
        AgencyKind.PROVINCIAL_DEPARTMENT,
        "01",
        True,
    ),
    (
        "Poipet Transit Centre",
        "មជ្ឈមណ្ឌលស្នាក់នៅបណ្ដោះអាសន្នប៉ោយប៉ែត",
        AgencyKind.TRANSIT_CENTRE,
        "01",
        True,
    ),
    (
        "Kam Rieng Transit Centre",
        "មជ្ឈមណ្ឌលស្នាក់នៅបណ្ដោះអាសន្នកំរៀង",
        AgencyKind.TRANSIT_CENTRE,
        "02",
        True,
    ),
    (
        "Anti-Human Trafficking and Juvenile Protection Department",
        "នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន",
        AgencyKind.POLICE,
        "12",
        True,
    ),
    (
        "Preah Sihanouk Provincial AHJPD Office",
        "ការិយាល័យប្រឆាំងការជួញដូរមនុស្សខេត្តព្រះសីហនុ",
        AgencyKind.POLICE,
        "18",
        True,
    ),
    (
        "Gendarmerie Anti-Trafficking Office",
        "ការិយាល័យប្រឆាំងការជួញដូរមនុស្ស កងរាជអាវុធហត្ថ",
        AgencyKind.GENDARMERIE,
        "12",
        True,
    ),
    (
        "General Department of Immigration",
        "អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍",
        AgencyKind.IMMIGRATION,
        "12",
        False,
    ),
    (
        "Phnom Penh Municipal Court Prosecution Office",
        "អយ្យការអមសាលាដំបូងរាជធានីភ្នំពេញ",
        AgencyKind.PROSECUTION,
        "12",
        False,
    ),
    ("Phnom Penh Municipal Court", "សាលាដំបូងរាជធានីភ្នំពេញ", AgencyKind.COURT, "12", False),
    ("Preah Sihanouk Department of Labour", "មន្ទីរការងារខេត្តព្រះសីហនុ", AgencyKind.LABOUR, "18", False),
    (
        "Royal Embassy of Cambodia in Bangkok",
        "ស្ថានទូតកម្ពុជាប្រចាំទីក្រុងបាងកក",
        AgencyKind.EMBASSY,
        "12",
        True,
    ),
    (
        "National Committee for Counter Trafficking Secretariat",
        "អគ្គលេខាធិការដ្ឋាន គ.ជ.ប.ជ",
        AgencyKind.COMMITTEE,
        "12",
        False,
    ),
    ("Poipet Commune Office", "សាលាឃុំប៉ោយប៉ែត", AgencyKind.DISTRICT_OFFICE, "01", True),
    ("Safe Haven Shelter (NGO)", "ជម្រកសុវត្ថិភាព (អង្គការ)", AgencyKind.NGO, "12", True),
    (
        "Legal Aid for Survivors (NGO)",
        "ជំនួយផ្លូវច្បាប់សម្រាប់ជនរងគ្រោះ (អង្គការ)",
        AgencyKind.NGO,
        "12",
        True,
    ),
    ("Battambang Family Care (NGO)", "ការថែទាំគ្រួសារបាត់ដំបង (អង្គការ)", AgencyKind.NGO, "02", True),
    ("Siem Reap Youth Shelter (NGO)", "ជម្រកយុវជនសៀមរាប (អង្គការ)", AgencyKind.NGO, "17", True),
    ("Men's Recovery House (NGO)", "ផ្ទះស្ដារនីតិសម្បទាបុរស (អង្គការ)", AgencyKind.NGO, "18", True),
    (
        "International Organization for Migration, Cambodia",
        "អង្គការអន្តរជាតិសម្រាប់ចំណាកស្រុក",
        AgencyKind.INTERNATIONAL,
        "12",
        False,
    ),
    (
        "Banteay Meanchey Provincial AHJPD Office",
        "ការិយាល័យប្រឆាំងការជួញដូរមនុស្សខេត្តបន្ទាយមានជ័យ",
        AgencyKind.POLICE,
        "01",
        True,
    ),
    (
        "Preah Sihanouk Provincial Court Prosecution Office",
        "អយ្យការអមសាលាដំបូងខេត្តព្រះសីហនុ",
        AgencyKind.PROSECUTION,
        "18",
        False,
    ),
    ("Preah Sihanouk Provincial Court", "សាលាដំបូងខេត្តព្រះសីហនុ", AgencyKind.COURT, "18", False),
    (
        "Banteay Meanchey Provincial Court Prosecution Office",
        "អយ្យការអមសាលាដំបូងខេត្តបន្ទាយមានជ័យ",
        AgencyKind.PROSECUTION,
        "01",
        False,
    ),
    (
        "Banteay Meanchey Provincial Court",
        "សាលាដំបូងខេត្តបន្ទាយមានជ័យ",
        AgencyKind.COURT,
        "01",
        False,
    ),
    (APPEAL_COURT, "សាលាឧទ្ធរណ៍", AgencyKind.COURT, "12", False),
    # The embassies in Phnom Penh of the countries whose nationals are found in scam-compound
    # raids: foreign victims are referred to them (or to IOM) for a safe return.
    (
        "Embassy of the People's Republic of China in Cambodia",
        "ស្ថានទូតសាធារណរដ្ឋប្រជាមានិតចិនប្រចាំកម្ពុជា",
        AgencyKind.EMBASSY,
        "12",
        False,
    ),
    (
        "Embassy of the Socialist Republic of Viet Nam in Cambodia",
        "ស្ថានទូតសាធារណរដ្ឋសង្គមនិយមវៀតណាមប្រចាំកម្ពុជា",
        AgencyKind.EMBASSY,
        "12",
        False,
    ),
    (
        "Embassy of the Republic of Indonesia in Cambodia",
        "ស្ថានទូតសាធារណរដ្ឋឥណ្ឌូនេស៊ីប្រចាំកម្ពុជា",
        AgencyKind.EMBASSY,
        "12",
        False,
    ),
    (
        "Royal Thai Embassy in Cambodia",
        "ស្ថានទូតថៃប្រចាំកម្ពុជា",
        AgencyKind.EMBASSY,
        "12",
        False,
    ),
]

# The country each embassy represents: it is named only on its nationals' repatriations.
EMBASSY_COUNTRIES = {
    "Royal Embassy of Cambodia in Bangkok": "KH",
    "Embassy of the People's Republic of China in Cambodia": "CN",
    "Embassy of the Socialist Republic of Viet Nam in Cambodia": "VN",
    "Embassy of the Republic of Indonesia in Cambodia": "ID",
    "Royal Thai Embassy in Cambodia": "TH",
}
# Where Cambodia's embassies are posted: each is named only on the returns from there.
EMBASSY_POSTINGS = {"Royal Embassy of Cambodia in Bangkok": "TH"}

# Units and the agency above them (indexes into AGENCIES): the provincial anti-trafficking
# offices answer to the national department, whose supervisor sees their custody clocks.
PARENTS = {5: 4, 20: 4}

# username, first, last, role, agency index
USERS = [
    ("screener", "Sokha", "Chan", Role.SCREENER, 2),
    ("caseworker", "Sreymom", "Keo", Role.CASE_WORKER, 2),
    ("identifier", "Dara", "Meas", Role.IDENTIFIER, 1),
    ("ngo.caseworker", "Channary", "Pich", Role.CASE_WORKER, 14),
    ("ngo.admin", "Vanna", "Heng", Role.AGENCY_ADMIN, 14),
    ("police", "Rithy", "Sok", Role.POLICE_INVESTIGATOR, 4),
    ("police.supervisor", "Chanthy", "Prak", Role.POLICE_SUPERVISOR, 4),
    ("prosecutor", "Bopha", "Lim", Role.PROSECUTOR, 8),
    ("clerk", "Sophal", "Nhem", Role.COURT_CLERK, 9),
    ("inspector", "Kosal", "Ouk", Role.LABOUR_INSPECTOR, 10),
    ("licensing", "Sreyleak", "Mao", Role.LICENSING_OFFICER, 10),
    ("analyst", "Malis", "Seng", Role.NCCT_ANALYST, 12),
    ("ptc.admin", "Piseth", "Yim", Role.AGENCY_ADMIN, 2),
    ("sysadmin", "Borey", "Tan", Role.SYSTEM_ADMIN, 12),
    ("hotline", "Sreypov", "Nop", Role.HOTLINE_OPERATOR, 4),
    ("consul", "Sophea", "Mao", Role.CONSULAR_OFFICER, 11),
    *linkage.USERS,
]


# Officials of the criminal process at agencies without a demo user: username, first, last,
# role, agency index. They open, charge and try the generated cases; nobody signs in as them.
STAFF = [
    ("staff.bmc.police", "Vannak", "Chea", Role.POLICE_INVESTIGATOR, 20),
    ("staff.psh.police", "Sovann", "Ouch", Role.POLICE_INVESTIGATOR, 5),
    ("staff.gendarmerie", "Samnang", "Men", Role.POLICE_INVESTIGATOR, 6),
    ("staff.immigration", "Kimheng", "Long", Role.POLICE_INVESTIGATOR, 7),
    ("staff.psh.prosecutor", "Sothea", "Nuon", Role.PROSECUTOR, 21),
    ("staff.bmc.prosecutor", "Pheakdey", "Sam", Role.PROSECUTOR, 23),
    ("staff.psh.clerk", "Ratana", "Yin", Role.COURT_CLERK, 22),
    ("staff.bmc.clerk", "Sreyneang", "Hun", Role.COURT_CLERK, 24),
    ("staff.appeal.clerk", "Makara", "Tep", Role.COURT_CLERK, 25),
]


@transaction.atomic
def ensure_demo_agencies() -> list[Agency]:
    agencies = []
    for name, name_km, kind, province, identify in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=name,
            defaults={
                "name_km": name_km,
                "kind": kind,
                "province": province,
                "can_identify": identify,
            },
        )
        country = EMBASSY_COUNTRIES.get(name, "")
        posted_in = EMBASSY_POSTINGS.get(name, "")
        if (agency.country, agency.posted_in) != (country, posted_in):
            agency.country, agency.posted_in = country, posted_in
            agency.save(update_fields=["country", "posted_in"])
        agencies.append(agency)
    for child, parent in PARENTS.items():
        unit = agencies[child]
        if unit.parent_id is None:
            unit.parent = agencies[parent]
            unit.save(update_fields=["parent"])
    return agencies


@transaction.atomic
def ensure_demo_users(agencies: list[Agency]) -> list[User]:
    users = []
    for username, first, last, role, index in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                agency=agencies[index],
                is_staff=role == Role.SYSTEM_ADMIN,
                is_superuser=role == Role.SYSTEM_ADMIN,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        users.append(user)
    return users


@transaction.atomic
def ensure_demo_staff(agencies: list[Agency]) -> list[User]:
    """The officials of ``STAFF``, created once, with no usable password."""
    staff = []
    for username, first, last, role, index in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                agency=agencies[index],
            )
            user.set_unusable_password()
            user.save()
        staff.append(user)
    return staff

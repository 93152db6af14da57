"""Roles and what each may do (pure: no Django imports).

Every permission check in views, the API and services asks ``can(role, capability)``. A role has
only the capabilities listed here; anything not listed is refused.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SCREENER = "screener"
    CASE_WORKER = "case_worker"
    IDENTIFIER = "identifier"
    POLICE_INVESTIGATOR = "police_investigator"
    POLICE_SUPERVISOR = "police_supervisor"
    PROSECUTOR = "prosecutor"
    COURT_CLERK = "court_clerk"
    LABOUR_INSPECTOR = "labour_inspector"
    NCCT_ANALYST = "ncct_analyst"
    AGENCY_ADMIN = "agency_admin"
    SYSTEM_ADMIN = "system_admin"
    DATA_STEWARD = "data_steward"  # NCCT secretariat: decides uncertain record links
    IMMIGRATION_OFFICER = "immigration_officer"
    IMMIGRATION_SUPERVISOR = "immigration_supervisor"
    HOTLINE_OPERATOR = "hotline_operator"
    LICENSING_OFFICER = "licensing_officer"  # labour ministry: recruitment agency licences
    CONSULAR_OFFICER = "consular_officer"  # embassy staff: their nationals' repatriation only


class Capability(StrEnum):
    VIEW_PERSONS = "view_persons"  # read personal data of persons visible to the agency
    RECORD_PERSONS = "record_persons"  # create and edit person records and consents
    SCREEN = "screen"  # fill in and save screenings
    IDENTIFY = "identify"  # formal identification of a suspected victim
    REFER = "refer"  # make referrals to service providers
    RESPOND_REFERRALS = "respond_referrals"  # accept or decline referrals made to the agency
    MANAGE_CASES = "manage_cases"  # protection case plans, services, follow-up, closure
    EXPORT_PERSONAL = "export_personal"  # download lists containing personal data
    VIEW_STATISTICS = "view_statistics"  # aggregate, suppressed national figures
    REVIEW_AUDIT = "review_audit"  # the agency's audit trail
    MANAGE_AGENCY_USERS = "manage_agency_users"
    MANAGE_SYSTEM = "manage_system"  # agencies, catalogues, all users; never personal data
    MANAGE_PROVIDERS = "manage_providers"  # the agency's entries in the service directory
    INVESTIGATE = "investigate"  # criminal cases of the police unit: suspects, arrests, case file
    SUPERVISE_UNIT = "supervise_unit"  # custody alerts of the unit and of the units below it
    PROSECUTE = "prosecute"  # charges, sending back, supervision follow-up, enforcement
    RECORD_COURT = "record_court"  # hearings, verdicts, sentences, compensation orders
    RECORD_TIPS = "record_tips"  # record tips, triage, assign and close those the agency holds
    SUPERVISE_TIPS = "supervise_tips"  # the same, and the alert when a tip has no outcome in time
    RECEIVE_DEPORTEES = "receive_deportees"  # deportation lists and arrivals at the agency
    MANAGE_REPATRIATIONS = "manage_repatriations"  # repatriation, tracing, custody transfer
    VIEW_NATIONALS_REPATRIATIONS = "view_nationals_repatriations"  # an embassy's own cases
    COUNTERPART_REQUESTS = "counterpart_requests"  # evidence, MLA and tracing requests abroad
    RUN_OPERATIONS = "run_operations"  # raids, detention screening sessions, inspections; rosters
    RECORD_DEPORTATIONS = "record_deportations"  # deport a screened foreigner from a roster
    REVIEW_DEPORTATIONS = "review_deportations"  # deportations that bypassed screening; override
    REVIEW_LINKS = "review_links"  # decide whether two records are one person (names, year only)
    RUN_LINKAGE = "run_linkage"  # start a linkage run of the register and follow its progress
    HANDLE_LABOUR_COMPLAINTS = "handle_labour_complaints"  # labour complaints and conciliation
    LICENSE_RECRUITERS = "license_recruiters"  # recruitment agencies, brokers, sanctions, fees
    PLAN_INSPECTIONS = "plan_inspections"  # risky worksites and sealed inspection plans
    RECORD_PREVENTION = "record_prevention"  # training, awareness, pre-departure orientation


C = Capability
_FIELD = {C.VIEW_PERSONS, C.RECORD_PERSONS, C.SCREEN}
# Tips come in at hotlines, police units, shelters, embassies and labour inspections alike. The
# supervisors alerted when a tip waits too long for an outcome are the police unit supervisors
# and, at every other agency, its administrator: every agency a tip is assigned to has one.
_TIPS = {C.RECORD_TIPS}

CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.SCREENER: frozenset(_FIELD | {C.RECEIVE_DEPORTEES}),
    Role.CASE_WORKER: frozenset(
        _FIELD
        | _TIPS
        | {
            C.REFER,
            C.RESPOND_REFERRALS,
            C.MANAGE_CASES,
            C.MANAGE_PROVIDERS,
            C.RECEIVE_DEPORTEES,
            C.MANAGE_REPATRIATIONS,
            C.COUNTERPART_REQUESTS,
        }
    ),
    Role.IDENTIFIER: frozenset(
        _FIELD
        | _TIPS
        | {
            C.IDENTIFY,
            C.REFER,
            C.MANAGE_CASES,
            C.RECEIVE_DEPORTEES,
            C.MANAGE_REPATRIATIONS,
            C.COUNTERPART_REQUESTS,
        }
    ),
    Role.POLICE_INVESTIGATOR: frozenset(
        _FIELD
        | _TIPS
        | {
            C.IDENTIFY,
            C.REFER,
            C.EXPORT_PERSONAL,
            C.INVESTIGATE,
            C.COUNTERPART_REQUESTS,
            C.RUN_OPERATIONS,
        }
    ),
    Role.POLICE_SUPERVISOR: frozenset(
        _FIELD
        | _TIPS
        | {
            C.IDENTIFY,
            C.REFER,
            C.EXPORT_PERSONAL,
            C.INVESTIGATE,
            C.SUPERVISE_UNIT,
            C.SUPERVISE_TIPS,
            C.COUNTERPART_REQUESTS,
            C.RUN_OPERATIONS,
        }
    ),
    Role.PROSECUTOR: frozenset(
        {C.VIEW_PERSONS, C.EXPORT_PERSONAL, C.PROSECUTE, C.COUNTERPART_REQUESTS}
    ),
    Role.COURT_CLERK: frozenset({C.VIEW_PERSONS, C.RECORD_COURT}),
    Role.LABOUR_INSPECTOR: frozenset(
        _FIELD
        | _TIPS
        | {
            C.REFER,
            C.RUN_OPERATIONS,
            C.HANDLE_LABOUR_COMPLAINTS,
            C.PLAN_INSPECTIONS,
            C.RECORD_PREVENTION,
        }
    ),
    Role.NCCT_ANALYST: frozenset({C.VIEW_STATISTICS}),
    Role.AGENCY_ADMIN: frozenset(
        {
            C.VIEW_PERSONS,
            C.EXPORT_PERSONAL,
            C.REVIEW_AUDIT,
            C.MANAGE_AGENCY_USERS,
            C.MANAGE_PROVIDERS,
            C.RESPOND_REFERRALS,
            C.VIEW_STATISTICS,
            C.SUPERVISE_TIPS,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset({C.MANAGE_SYSTEM, C.MANAGE_AGENCY_USERS, C.VIEW_STATISTICS}),
    Role.DATA_STEWARD: frozenset({C.VIEW_STATISTICS, C.REVIEW_LINKS, C.RUN_LINKAGE}),
    # Immigration runs raids and detention screening sessions and records deportations; its
    # supervisor also reviews every deportation that bypassed the screening check.
    Role.IMMIGRATION_OFFICER: frozenset(_FIELD | {C.RUN_OPERATIONS, C.RECORD_DEPORTATIONS}),
    Role.IMMIGRATION_SUPERVISOR: frozenset(
        _FIELD | {C.RUN_OPERATIONS, C.RECORD_DEPORTATIONS, C.REVIEW_DEPORTATIONS}
    ),
    Role.HOTLINE_OPERATOR: frozenset({C.RECORD_TIPS}),
    Role.LICENSING_OFFICER: frozenset(
        {C.VIEW_STATISTICS, C.LICENSE_RECRUITERS, C.RECORD_PREVENTION}
    ),
    Role.CONSULAR_OFFICER: frozenset({C.VIEW_NATIONALS_REPATRIATIONS}),
}

# Who may formally identify a suspected victim is set by the 2015 identification guidelines; the
# IDENTIFY capability mirrors that list (social affairs, judicial police, gendarmerie, CSO staff,
# local authorities, diplomatic missions) through the roles given to those agencies' officials.


# The capabilities of the labour side, any one of which opens the labour pages.
LABOUR_CAPABILITIES = frozenset(
    {C.HANDLE_LABOUR_COMPLAINTS, C.LICENSE_RECRUITERS, C.PLAN_INSPECTIONS, C.RECORD_PREVENTION}
)


# The capabilities of the criminal process, any one of which opens the justice pages.
JUSTICE_CAPABILITIES = frozenset({C.INVESTIGATE, C.SUPERVISE_UNIT, C.PROSECUTE, C.RECORD_COURT})


_FIELD_ROLES = frozenset({Role.SCREENER, Role.CASE_WORKER, Role.IDENTIFIER})
_POLICE_ROLES = frozenset({Role.SCREENER, Role.POLICE_INVESTIGATOR, Role.POLICE_SUPERVISOR})

# The roles an agency administrator may give, by the kind of agency (accounts.AgencyKind values):
# an NGO cannot make a police investigator, who could export personal data. Agency administrators
# exist everywhere; system administrators and NCCT analysts are set by the system administrator.
ROLES_FOR_AGENCY_KIND: dict[str, frozenset[Role]] = {
    "ministry": _FIELD_ROLES
    | {Role.LABOUR_INSPECTOR, Role.LICENSING_OFFICER, Role.HOTLINE_OPERATOR},
    "provincial_department": _FIELD_ROLES | {Role.LABOUR_INSPECTOR},
    "district_office": _FIELD_ROLES,
    "committee": frozenset({Role.SCREENER, Role.DATA_STEWARD}),
    "police": _POLICE_ROLES | {Role.HOTLINE_OPERATOR},
    "gendarmerie": _POLICE_ROLES,
    "immigration": _POLICE_ROLES | {Role.IMMIGRATION_OFFICER, Role.IMMIGRATION_SUPERVISOR},
    "prosecution": frozenset({Role.PROSECUTOR}),
    "court": frozenset({Role.COURT_CLERK}),
    "transit_centre": _FIELD_ROLES,
    "labour": frozenset({Role.SCREENER, Role.LABOUR_INSPECTOR, Role.LICENSING_OFFICER}),
    "embassy": _FIELD_ROLES | {Role.CONSULAR_OFFICER},
    "ngo": _FIELD_ROLES | {Role.HOTLINE_OPERATOR},
    "international": frozenset({Role.SCREENER, Role.CASE_WORKER}),
}


def assignable_roles(agency_kind: str) -> frozenset[Role]:
    """Roles an agency administrator may give at an agency of this kind."""
    return ROLES_FOR_AGENCY_KIND.get(agency_kind, frozenset()) | {Role.AGENCY_ADMIN}


def can(role: str, capability: Capability) -> bool:
    try:
        return capability in CAPABILITIES[Role(role)]
    except ValueError:
        return False


def roles_with(*capabilities: Capability) -> frozenset[Role]:
    """The roles that have any of ``capabilities``: to find their users in one query."""
    return frozenset(r for r, caps in CAPABILITIES.items() if caps & set(capabilities))


def requires_two_factor(role: str) -> bool:
    """Administrators and anyone who can export personal data must log in with a second factor."""
    return role in {Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN} or can(role, C.EXPORT_PERSONAL)


# What reads nobody's personal data: counts with small cells suppressed, the system's set-up,
# accounts. Every other capability reads someone's: persons of the register, but also the names
# in the data steward's review queue, the tips a hotline operator takes, the nationals a consular
# officer repatriates, the brokers a licensing officer registers.
_NO_PERSONAL_DATA = frozenset({C.VIEW_STATISTICS, C.MANAGE_SYSTEM, C.MANAGE_AGENCY_USERS})


def sees_personal_data(role: str) -> bool:
    """Whether the role reads anyone's personal data: true of every role whose capabilities go
    beyond statistics, the system's set-up and accounts (and of a role no one knows)."""
    try:
        return bool(CAPABILITIES[Role(role)] - _NO_PERSONAL_DATA)
    except ValueError:
        return True

"""What each audit action code means, in the reader's language.

Every code written with ``log_action`` (``grep -rn log_action rumdoh``) has a label here; a code
without one (added later, or by an older version) is shown as the code itself. The part before the
dot is the kind of action, offered as a filter on the audit trail page.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Promise] = {
    "auth": _("Sign-in"),
    "user": _("User accounts"),
    "audit": _("Audit trail"),
    "person": _("Persons"),
    "consent": _("Consents"),
    "screening": _("Screenings"),
    "identification": _("Identifications"),
    "referral": _("Referrals"),
    "case": _("Protection cases"),
    "provider": _("Service providers"),
    "criminal_case": _("Criminal cases"),
    "suspect": _("Suspects"),
    "arrest": _("Arrests"),
    "warrant": _("Warrants"),
    "supervision": _("Judicial supervision"),
    "charge": _("Charges"),
    "interview": _("Interviews"),
    "hearing": _("Hearings"),
    "verdict": _("Verdicts"),
    "settlement": _("Settlements"),
    "compensation": _("Compensation"),
    "statistics": _("Statistics"),
    "demo": _("Demonstration data"),
    "attachment": _("Attached files"),
}

ACTIONS: dict[str, Promise] = {
    "auth.login": _("Signed in"),
    "auth.login_locked": _("Sign-in refused: too many failures"),
    "auth.two_factor_enrolled": _("Authenticator app enrolled"),
    "auth.two_factor_passed": _("Two-step code accepted"),
    "auth.two_factor_failed": _("Wrong two-step code"),
    "user.created": _("Account created"),
    "user.role_changed": _("Role or agency changed"),
    "user.suspended": _("Account suspended"),
    "user.activated": _("Account restored"),
    "user.two_factor_reset": _("Two-step login reset"),
    "user.password_set": _("Password set by an administrator"),
    "user.token_issued": _("API token issued"),
    "audit.exported": _("Audit trail downloaded"),
    "attachment.uploaded": _("File attached"),
    "attachment.downloaded": _("Attached file downloaded"),
    "attachment.listed": _("Attached files listed"),
    "attachment.viewed": _("Attached file's details viewed"),
    "attachment.deleted": _("Attached file deleted"),
    "person.created": _("Person recorded"),
    "person.changed": _("Person changed"),
    "person.viewed": _("Person viewed"),
    "person.listed": _("Person shown in a list"),
    "person.shown": _("Person's name shown"),
    "person.document_added": _("Identity document added"),
    "person.exported": _("Persons downloaded"),
    "person.exported_row": _("Person included in a download"),
    "consent.recorded": _("Consent recorded"),
    "consent.withdrawn": _("Consent withdrawn"),
    "screening.recorded": _("Screening recorded"),
    "screening.viewed": _("Screening viewed"),
    "screening.listed": _("Screening shown in a list"),
    "identification.requested": _("Formal identification requested"),
    "identification.request_withdrawn": _("Request for formal identification withdrawn"),
    "identification.requests_closed": _(
        "Requests for formal identification closed: consent to referral withdrawn"
    ),
    "identification.recorded": _("Identification recorded"),
    "identification.viewed": _("Identification viewed"),
    "identification.listed": _("Identification shown in a list"),
    "referral.created": _("Referral made"),
    "referral.viewed": _("Referral viewed"),
    "referral.listed": _("Referral shown in a list"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    "referral.withdrawn": _("Referral withdrawn"),
    "case.opened": _("Protection case opened"),
    "case.viewed": _("Protection case viewed"),
    "case.listed": _("Protection case shown in a list"),
    "case.assigned": _("Case worker assigned"),
    "case.plan_saved": _("Case plan saved"),
    "case.service_recorded": _("Service recorded"),
    "case.follow_up_scheduled": _("Follow-up scheduled"),
    "case.follow_up_recorded": _("Follow-up recorded"),
    "follow_up.viewed": _("Follow-up viewed"),
    "follow_up.listed": _("Follow-up shown in a list"),
    "case.stage_changed": _("Case stage changed"),
    "case.closed": _("Protection case closed"),
    "provider.created": _("Service provider added"),
    "provider.changed": _("Service provider changed"),
    "criminal_case.opened": _("Criminal case opened"),
    "criminal_case.viewed": _("Criminal case viewed"),
    "criminal_case.listed": _("Criminal case shown in a list"),
    "criminal_case.changed": _("Criminal case changed"),
    "criminal_case.stage_changed": _("Criminal case stage changed"),
    "criminal_case.prosecutor_assigned": _("Prosecutor assigned"),
    "criminal_case.timeline_viewed": _("Criminal case timeline viewed"),
    "criminal_case.victim_added": _("Victim added to a criminal case"),
    "criminal_case.victim_changed": _("Victim's part in a criminal case changed"),
    "victim.viewed": _("Victim in a criminal case viewed"),
    "victim.listed": _("Victim in a criminal case shown in a list"),
    "criminal_case.non_punishment_flagged": _("Non-punishment raised"),
    "criminal_case.non_punishment_reviewed": _("Non-punishment reviewed"),
    "criminal_case.personal_data_erased": _("Personal data erased after retention"),
    "suspect.added": _("Suspect added"),
    "suspect.viewed": _("Suspect viewed"),
    "suspect.listed": _("Suspect shown in a list"),
    "suspect.changed": _("Suspect changed"),
    "suspect.absconded": _("Suspect recorded as absconded"),
    "arrest.recorded": _("Arrest recorded"),
    "arrest.outcome_recorded": _("Outcome of custody recorded"),
    "arrest.viewed": _("Arrest viewed"),
    "arrest.listed": _("Arrest shown in a list"),
    "warrant.recorded": _("Warrant recorded"),
    "warrant.updated": _("Warrant updated"),
    "warrant.viewed": _("Warrant viewed"),
    "warrant.listed": _("Warrant shown in a list"),
    "supervision.ordered": _("Judicial supervision ordered"),
    "supervision.check_in": _("Supervision report recorded"),
    "supervision.ended": _("Judicial supervision ended"),
    "supervision.viewed": _("Judicial supervision viewed"),
    "supervision.listed": _("Judicial supervision shown in a list"),
    "charge.recorded": _("Charge recorded"),
    "charge.removed": _("Charge removed"),
    "charge.viewed": _("Charge viewed"),
    "charge.listed": _("Charge shown in a list"),
    "interview.recorded": _("Interview recorded"),
    "interview.viewed": _("Interview viewed"),
    "interview.listed": _("Interview shown in a list"),
    "interview.invitation_sent": _("Interview invitation sent"),
    "interview_invitation.viewed": _("Interview invitation viewed"),
    "interview_invitation.listed": _("Interview invitation shown in a list"),
    "hearing.scheduled": _("Hearing scheduled"),
    "hearing.updated": _("Hearing updated"),
    "hearing.postponed": _("Hearing postponed"),
    "hearing.viewed": _("Hearing viewed"),
    "hearing.listed": _("Hearing shown in a list"),
    "verdict.recorded": _("Verdict recorded"),
    "verdict.viewed": _("Verdict viewed"),
    "verdict.listed": _("Verdict shown in a list"),
    "settlement.recorded": _("Settlement or withdrawal recorded"),
    "settlement.viewed": _("Settlement or withdrawal viewed"),
    "settlement.listed": _("Settlement or withdrawal shown in a list"),
    "compensation.worksheet_viewed": _("Compensation worksheet viewed"),
    "compensation.worksheet_saved": _("Compensation worksheet saved"),
    "compensation.ordered": _("Compensation ordered"),
    "compensation.order_viewed": _("Compensation order viewed"),
    "compensation.payment_recorded": _("Compensation payment recorded"),
    "compensation.enforcement_recorded": _("Enforcement step recorded"),
    "compensation_order.viewed": _("Compensation order viewed"),
    "compensation_order.listed": _("Compensation order shown in a list"),
    "statistics.viewed": _("Statistics viewed"),
    "statistics.downloaded": _("Statistics downloaded"),
    "demo.generated": _("Demonstration data generated"),
}


def action_label(code: str) -> str:
    """The label of ``code``, or the code itself when it has none."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code


def kind_of(code: str) -> str:
    return code.split(".", 1)[0]


def filter_choices() -> list[tuple[str, object]]:
    """The action filter: each kind (any of its actions), then its actions one by one."""
    choices: list[tuple[str, object]] = [("", _("Any action"))]
    for kind, kind_label in KINDS.items():
        actions = [(code, label) for code, label in ACTIONS.items() if kind_of(code) == kind]
        choices.append((str(kind_label), [(f"{kind}.", _("All of this kind")), *actions]))
    return choices

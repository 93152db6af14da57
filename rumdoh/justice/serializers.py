"""Serializers of the justice API. Every choice field names its own schema component, so that
fields of the same name (``status``, ``outcome``, ``kind``) never collide in the OpenAPI schema."""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rumdoh.accounts.models import PROVINCE_CHOICES
from rumdoh.justice import choices as c
from rumdoh.justice import offences
from rumdoh.justice.compensation import CURRENCIES, DEFAULT_USD_RATE, KHR, OrderState
from rumdoh.justice.models import (
    Arrest,
    CaseVictim,
    Charge,
    CheckIn,
    CompensationOrder,
    CriminalCase,
    EnforcementStep,
    Hearing,
    Interview,
    JointInterviewInvitation,
    Payment,
    Settlement,
    StageTransition,
    Supervision,
    Suspect,
    Verdict,
    Warrant,
)
from rumdoh.notices.models import Notification
from rumdoh.people.access import can_see
from rumdoh.protection.choices import Exploitation


def enum_field(table: type[models.TextChoices], name: str) -> type[serializers.ChoiceField]:
    """A choice field documented as the schema enum ``name``."""
    values = list(table.values)

    @extend_schema_field({"type": "string", "enum": values}, component_name=name)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(table.choices, **kwargs)

    Field.__name__ = f"{name}Field"
    return Field


def ref(field: str, *, optional: bool = False) -> serializers.IntegerField:
    """The id of a related record of the case; the view checks it belongs to a visible case."""
    if optional:
        return serializers.IntegerField(
            source=f"{field}_id", required=False, allow_null=True, default=None
        )
    return serializers.IntegerField(source=f"{field}_id")


StageField = enum_field(c.Stage, "CriminalCaseStage")
ClosureField = enum_field(c.Closure, "CriminalCaseClosure")
OriginField = enum_field(c.Origin, "CriminalCaseOrigin")
SupportField = enum_field(c.Support, "VictimSupport")
NonPunishmentField = enum_field(c.NonPunishment, "NonPunishmentStatus")
SuspectKindField = enum_field(c.SuspectKind, "SuspectKind")
SuspectRoleField = enum_field(c.SuspectRole, "SuspectRole")
RelationField = enum_field(c.Relation, "RelationToVictim")
CompanyKindField = enum_field(c.CompanyKind, "CompanyKind")
SuspectStatusField = enum_field(c.SuspectStatus, "SuspectStatus")
ChargeLevelField = enum_field(c.ChargeLevel, "ChargeLevel")
CustodyOutcomeField = enum_field(c.CustodyOutcome, "CustodyOutcome")
CustodyStateField = enum_field(c.CustodyState, "CustodyState")
WarrantKindField = enum_field(c.WarrantKind, "WarrantKind")
WarrantStatusField = enum_field(c.WarrantStatus, "WarrantStatus")
SentViaField = enum_field(c.SentVia, "WarrantSentVia")
ConditionField = enum_field(c.Condition, "SupervisionCondition")
SupervisionStatusField = enum_field(c.SupervisionStatus, "SupervisionStatus")
HearingKindField = enum_field(c.HearingKind, "HearingKind")
HearingStatusField = enum_field(c.HearingStatus, "HearingStatus")
VerdictOutcomeField = enum_field(c.VerdictOutcome, "VerdictOutcome")
InstanceField = enum_field(c.Instance, "VerdictInstance")
SettlementKindField = enum_field(c.SettlementKind, "SettlementKind")
ProposerField = enum_field(c.Proposer, "SettlementProposer")
PurposeField = enum_field(c.InterviewPurpose, "InterviewPurpose")
PaymentMethodField = enum_field(c.PaymentMethod, "PaymentMethod")
EnforcementKindField = enum_field(c.EnforcementKind, "EnforcementKind")
SeverityField = enum_field(c.Severity, "EmotionalSeverity")
HeadField = enum_field(c.Head, "CompensationHead")
ExploitationField = enum_field(Exploitation, "CriminalCaseExploitation")
InvitationStatusField = enum_field(c.InvitationStatus, "InvitationStatus")

VERSION_HELP = "The version you read; if the record was saved since, 409 and nothing is saved."

# The prosecutor's two answers to a victim flagged for review under the non-punishment principle.
DECISIONS = [c.NonPunishment.APPLIED, c.NonPunishment.NOT_APPLIED]


@extend_schema_field(
    {"type": "string", "enum": [d.value for d in DECISIONS]},
    component_name="NonPunishmentDecision",
)
class DecisionField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__([(d.value, d.label) for d in DECISIONS], **kwargs)


@extend_schema_field(
    {"type": "string", "enum": [o.code for o in offences.OFFENCES]}, component_name="OffenceCode"
)
class OffenceField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__([o.code for o in offences.OFFENCES], **kwargs)


@extend_schema_field(
    {"type": "string", "enum": [code for code, _name in PROVINCE_CHOICES]},
    component_name="CriminalCaseProvince",
)
class ProvinceField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(PROVINCE_CHOICES, **kwargs)


class CriminalCaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    province = ProvinceField()
    origin = OriginField()
    stage = StageField(read_only=True)
    closure = ClosureField(read_only=True, allow_blank=True)
    exploitation_types = serializers.ListField(child=ExploitationField(), required=False)
    offence_class = serializers.SerializerMethodField()
    opened_on = serializers.DateField(write_only=True, required=False)

    class Meta:
        model = CriminalCase
        fields = [
            "id",
            "reference",
            "police_agency",
            "investigator",
            "opened_at",
            "opened_on",
            "origin",
            "origin_reference",
            "referring_agency",
            "province",
            "exploitation_types",
            "summary",
            "stage",
            "stage_since",
            "closure",
            "prosecution_agency",
            "prosecutor",
            "court_agency",
            "offence_class",
            "version",
        ]
        read_only_fields = [
            "version",
            "police_agency",
            "investigator",
            "opened_at",
            "stage_since",
            "prosecutor",
            "court_agency",
        ]

    def get_offence_class(self, obj: CriminalCase) -> str:
        from rumdoh.justice.queries import class_of

        return class_of(obj)


class CaseFeedbackSerializer(serializers.ModelSerializer):
    """Stage and outcome only, for agencies following a victim."""

    reference = serializers.CharField(read_only=True)
    stage = StageField(read_only=True)
    closure = ClosureField(read_only=True, allow_blank=True)
    police_agency = serializers.CharField(source="police_agency.name", read_only=True)
    province = ProvinceField(read_only=True)
    offence_class = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()

    class Meta:
        model = CriminalCase
        fields = [
            "id",
            "reference",
            "police_agency",
            "province",
            "stage",
            "stage_since",
            "closure",
            "offence_class",
            "outcomes",
        ]

    def get_offence_class(self, obj: CriminalCase) -> str:
        from rumdoh.justice.queries import class_of

        return class_of(obj)

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "defendant": {"type": "string"},
                    "offence": {"type": "string"},
                    "trafficking": {"type": "boolean"},
                    "outcome": {"type": "string"},
                    "decided_on": {"type": "string", "format": "date"},
                },
            },
        }
    )
    def get_outcomes(self, obj: CriminalCase) -> list[dict[str, Any]]:
        from rumdoh.justice.services import outcome_of

        return [
            {
                "defendant": v.charge.suspect.reference,
                "offence": v.charge.offence,
                "trafficking": v.charge.is_trafficking,
                "outcome": v.outcome,
                "decided_on": v.decided_on.isoformat(),
            }
            for v in outcome_of(obj).values()
        ]


class CaseEditSerializer(serializers.Serializer):
    """The facts of the case, changed by its police unit; only the fields sent are changed."""

    origin = OriginField(required=False)
    origin_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    province = ProvinceField(required=False)
    exploitation_types = serializers.ListField(child=ExploitationField(), required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    investigator = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A police investigator of the case's unit; null for none.",
    )
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not set(attrs) - {"version"}:
            raise serializers.ValidationError(_("Send at least one field to change."))
        return attrs


class NotesSerializer(serializers.Serializer):
    """Internal notes of the prosecutor and the court: never shown to the police or followers."""

    court_notes = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class ProsecutorSerializer(serializers.Serializer):
    prosecutor = serializers.IntegerField(
        allow_null=True,
        help_text="A prosecutor of the case's prosecutor's office; null for none.",
    )


class StageMoveSerializer(serializers.Serializer):
    to_stage = StageField()
    on = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    closure = ClosureField(required=False, allow_blank=True, default="")
    responsible_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    responsible_person = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    appeal_prosecution_agency = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For an appeal: the prosecutor's office at the appeal court, if it changes.",
    )


class TransitionSerializer(serializers.ModelSerializer):
    from_stage = StageField(allow_blank=True)
    to_stage = StageField()
    closure = ClosureField(allow_blank=True)

    class Meta:
        model = StageTransition
        fields = [
            "on",
            "recorded_at",
            "by",
            "from_stage",
            "to_stage",
            "responsible_agency",
            "responsible_person",
            "reason",
            "closure",
        ]


class VictimSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    support = serializers.ListField(child=SupportField(), required=False)
    non_punishment = NonPunishmentField(read_only=True, allow_blank=True)

    class Meta:
        model = CaseVictim
        fields = [
            "id",
            "case",
            "person",
            "protection_case",
            "participates",
            "support",
            "non_punishment",
            "non_punishment_acts",
            "added_at",
            "version",
        ]
        read_only_fields = [
            "case",
            "protection_case",
            "non_punishment_acts",
            "added_at",
            "version",
        ]

    def to_representation(self, instance: CaseVictim) -> dict[str, Any]:
        """The victim's protection case (where she is cared for) only to a reader who may see
        her record, as on the pages: ``context["shown"]`` (person ids) or the request's user."""
        data: dict[str, Any] = super().to_representation(instance)
        shown = self.context.get("shown")
        if shown is None:
            user = getattr(self.context.get("request"), "user", None)
            visible = user is not None and can_see(user, instance.person_id)
            shown = {instance.person_id} if visible else set()
        if instance.person_id not in shown:
            data["protection_case"] = None
        return data


class VictimChangeSerializer(serializers.Serializer):
    """Whether the victim takes part in the proceedings and the support received; a field not
    sent keeps its value."""

    participates = serializers.BooleanField(required=False)
    support = serializers.ListField(child=SupportField(), required=False)
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class NonPunishmentFlagSerializer(serializers.Serializer):
    acts = serializers.CharField(
        max_length=300,
        help_text="For example: illegal entry (Immigration Law art. 29).",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NonPunishmentReviewSerializer(serializers.Serializer):
    decision = DecisionField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HandleSerializer(serializers.Serializer):
    app = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    handle = serializers.CharField(max_length=100)


class SuspectSerializer(serializers.ModelSerializer):
    case = ref("case")
    reference = serializers.CharField(read_only=True)
    kind = SuspectKindField(default=c.SuspectKind.NATURAL)
    role = SuspectRoleField()
    relation_to_victim = RelationField(required=False)
    company_kind = CompanyKindField(required=False, allow_blank=True)
    status = SuspectStatusField(read_only=True)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )
    handles = HandleSerializer(many=True, required=False, default=list)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text=VERSION_HELP + " Required to change a suspect."
    )

    class Meta:
        model = Suspect
        fields = [
            "id",
            "reference",
            "case",
            "kind",
            "given_name",
            "family_name",
            "name_km",
            "aliases",
            "handles",
            "sex",
            "birth_year",
            "nationality",
            "company_name",
            "company_kind",
            "registration_number",
            "role",
            "relation_to_victim",
            "status",
            "notes",
            "version",
        ]
        read_only_fields = ["status"]


class ChargeSerializer(serializers.ModelSerializer):
    case = ref("case")
    suspect = ref("suspect")
    offence = OffenceField()
    level = ChargeLevelField()
    trafficking = serializers.BooleanField(source="is_trafficking", read_only=True)
    form_of_exploitation = serializers.CharField(read_only=True)

    class Meta:
        model = Charge
        fields = [
            "id",
            "case",
            "suspect",
            "offence",
            "level",
            "exploitation",
            "article_detail",
            "trafficking",
            "form_of_exploitation",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]


class ClockSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField()
    state = CustodyStateField()
    seconds_left = serializers.IntegerField(help_text="Negative once overdue.")


class ArrestSerializer(serializers.ModelSerializer):
    case = ref("case")
    suspect = ref("suspect")
    warrant = ref("warrant", optional=True)
    outcome = CustodyOutcomeField(read_only=True, allow_blank=True)
    clock = serializers.SerializerMethodField()

    class Meta:
        model = Arrest
        fields = [
            "id",
            "case",
            "suspect",
            "arrested_at",
            "agency",
            "place",
            "warrant",
            "outcome",
            "outcome_at",
            "clock",
        ]
        read_only_fields = ["agency", "outcome_at"]

    @extend_schema_field(ClockSerializer)
    def get_clock(self, obj: Arrest) -> dict[str, Any]:
        from rumdoh.justice.custody import clock

        found = clock(obj)
        return {
            "deadline": found.deadline,
            "state": found.state.value,
            "seconds_left": int(found.remaining.total_seconds()),
        }


class CustodyOutcomeSerializer(serializers.Serializer):
    outcome = CustodyOutcomeField()
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class WarrantSerializer(serializers.ModelSerializer):
    case = ref("case")
    suspect = ref("suspect", optional=True)
    kind = WarrantKindField()
    status = WarrantStatusField(read_only=True)
    sent_via = SentViaField(read_only=True, allow_blank=True)

    class Meta:
        model = Warrant
        fields = [
            "id",
            "case",
            "suspect",
            "kind",
            "issued_on",
            "issued_by",
            "target",
            "status",
            "sent_on",
            "sent_via",
            "served_on",
            "not_served_reason",
        ]
        read_only_fields = ["sent_on", "served_on", "not_served_reason"]


class WarrantStatusSerializer(serializers.Serializer):
    status = WarrantStatusField()
    on = serializers.DateField()
    sent_via = SentViaField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SupervisionSerializer(serializers.ModelSerializer):
    case = ref("case")
    suspect = ref("suspect")
    conditions = serializers.ListField(child=ConditionField(), allow_empty=False)
    status = SupervisionStatusField(read_only=True)
    first_due_on = serializers.DateField(write_only=True)

    class Meta:
        model = Supervision
        fields = [
            "id",
            "case",
            "suspect",
            "ordered_on",
            "ordered_by",
            "conditions",
            "conditions_detail",
            "reporting_agency",
            "reporting_every_days",
            "first_due_on",
            "next_due_on",
            "ends_on",
            "status",
        ]
        read_only_fields = ["next_due_on"]
        extra_kwargs = {"reporting_agency": {"required": False}}

    def to_representation(self, instance: Supervision) -> dict[str, Any]:
        """The police unit a defendant reports to, when it takes no part in the case, sees the
        reporting dates and conditions, not who ordered them nor their sealed details."""
        data: dict[str, Any] = super().to_representation(instance)
        if not getattr(instance, "in_case", False):  # annotated by the view; else fail closed
            data["ordered_by"] = data["conditions_detail"] = None
        return data


class CheckInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = ["id", "due_on", "attended", "recorded_on", "note"]
        read_only_fields = ["recorded_on"]
        extra_kwargs = {"due_on": {"required": False}}


class HearingSerializer(serializers.ModelSerializer):
    case = ref("case")
    kind = HearingKindField()
    status = HearingStatusField(read_only=True)

    class Meta:
        model = Hearing
        fields = [
            "id",
            "case",
            "kind",
            "scheduled_for",
            "court_agency",
            "room",
            "status",
            "postponement_reason",
            "postponed_to",
        ]
        read_only_fields = ["postponement_reason", "postponed_to"]
        extra_kwargs = {"court_agency": {"required": False}}


class HearingUpdateSerializer(serializers.Serializer):
    status = HearingStatusField()
    scheduled_for = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The new date and time of a postponed hearing.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Why the hearing was postponed (required to postpone).",
    )


class VerdictSerializer(serializers.ModelSerializer):
    case = ref("case")
    charge = ref("charge")
    retrial_of = ref("retrial_of", optional=True)
    outcome = VerdictOutcomeField()
    instance = InstanceField(default=c.Instance.FIRST)
    defendant = serializers.IntegerField(source="charge.suspect_id", read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "case",
            "charge",
            "defendant",
            "outcome",
            "instance",
            "decided_on",
            "court_agency",
            "prison_months",
            "suspended_months",
            "diversion",
            "fine_riel",
            "retrial_of",
        ]
        read_only_fields = ["court_agency"]


class SettlementSerializer(serializers.ModelSerializer):
    case = ref("case")
    victim = ref("victim", optional=True)
    suspect = ref("suspect", optional=True)
    kind = SettlementKindField()
    proposed_by = ProposerField()

    class Meta:
        model = Settlement
        fields = [
            "id",
            "case",
            "kind",
            "proposed_by",
            "amount_riel",
            "agreed_on",
            "victim",
            "suspect",
        ]


class InterviewSerializer(serializers.ModelSerializer):
    case = ref("case", optional=True)
    invitation = ref("invitation", optional=True)
    purpose = PurposeField()
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = Interview
        fields = [
            "id",
            "person",
            "case",
            "agency",
            "interviewed_on",
            "purpose",
            "joint",
            "with_agencies",
            "invitation",
            "recorded_at",
        ]
        read_only_fields = ["agency", "recorded_at"]
        extra_kwargs = {"with_agencies": {"required": False}}


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation to interview a victim together instead of each agency on its own."""

    person = serializers.IntegerField(source="person_id")
    case = ref("case", optional=True)
    purpose = PurposeField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    status = InvitationStatusField(read_only=True)

    class Meta:
        model = JointInterviewInvitation
        fields = [
            "id",
            "person",
            "case",
            "agency",
            "proposed_for",
            "purpose",
            "agencies",
            "note",
            "status",
            "created_at",
        ]
        read_only_fields = ["agency", "created_at"]


class CompensationOrderSerializer(serializers.ModelSerializer):
    case = ref("case")
    victim = ref("victim")
    defendant = ref("defendant")
    verdict = ref("verdict", optional=True)
    worksheet = ref("worksheet", optional=True)
    reference = serializers.CharField(read_only=True)
    outstanding_riel = serializers.IntegerField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CompensationOrder
        fields = [
            "id",
            "reference",
            "case",
            "victim",
            "defendant",
            "verdict",
            "worksheet",
            "amount_riel",
            "ordered_on",
            "due_on",
            "paid_riel",
            "outstanding_riel",
            "overdue",
        ]
        read_only_fields = ["paid_riel"]

    def get_overdue(self, obj: CompensationOrder) -> bool:
        from django.utils import timezone

        from rumdoh.justice.orders import balance

        return balance(obj, timezone.localdate()).state == OrderState.OVERDUE


class PaymentSerializer(serializers.ModelSerializer):
    method = PaymentMethodField()

    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount_riel", "method", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]


class EnforcementSerializer(serializers.ModelSerializer):
    kind = EnforcementKindField()

    class Meta:
        model = EnforcementStep
        fields = ["id", "taken_on", "kind", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]


class CompensationItemSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=200)
    amount = serializers.IntegerField(min_value=0, help_text="Riel.")


class CompensationClaimSerializer(serializers.Serializer):
    wage_currency = serializers.ChoiceField(list(CURRENCIES), default=KHR)
    usd_rate = serializers.IntegerField(min_value=1, default=DEFAULT_USD_RATE)
    promised_monthly_wage = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, default=0
    )
    months_worked = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0, default=0)
    wages_received = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, default=0
    )
    usual_monthly_earnings = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, default=0
    )
    months_unable_to_work = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=0, default=0
    )
    material = CompensationItemSerializer(many=True, required=False, default=list)
    medical = CompensationItemSerializer(many=True, required=False, default=list)
    future_medical = CompensationItemSerializer(many=True, required=False, default=list)
    emotional_severity = SeverityField(default=c.Severity.NONE)
    emotional_amount = serializers.IntegerField(min_value=0, default=0)
    emotional_basis = serializers.CharField(required=False, allow_blank=True, default="")
    punitive_amount = serializers.IntegerField(min_value=0, default=0)
    punitive_basis = serializers.CharField(required=False, allow_blank=True, default="")
    victim = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A victim of a case you take part in: the worksheet is saved with the case.",
    )


class CompensationPartSerializer(serializers.Serializer):
    head = HeadField()
    amount = serializers.IntegerField()
    basis = serializers.ListField(child=serializers.CharField())


class CompensationAssessmentSerializer(serializers.Serializer):
    parts = CompensationPartSerializer(many=True)
    compensatory = serializers.IntegerField()
    punitive = serializers.IntegerField()
    total = serializers.IntegerField()
    worksheet = serializers.IntegerField(allow_null=True)


class OffenceSerializer(serializers.Serializer):
    code = serializers.CharField()
    law = serializers.CharField()
    law_label = serializers.CharField()
    article = serializers.CharField()
    label = serializers.CharField()
    trafficking = serializers.BooleanField()
    exploitation = serializers.CharField()
    cross_border = serializers.BooleanField()


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "params", "message", "url", "created_at", "read_at"]

"""Fields every justice serializer uses. Every choice field names its own schema component,
so that fields of the same name (``status``, ``outcome``, ``kind``) never collide in the
OpenAPI schema."""

from typing import Any, ClassVar

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rumdoh.accounts.models import PROVINCE_CHOICES
from rumdoh.justice import choices as c
from rumdoh.justice.rules import offences
from rumdoh.protection.choices import Exploitation


class TableChoiceField(serializers.ChoiceField):
    """A choice field whose choices are those of its class's ``table``."""

    table: ClassVar[type[models.TextChoices]]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(self.table.choices, **kwargs)


def enum_field(table: type[models.TextChoices], name: str) -> type[TableChoiceField]:
    """A choice field documented as the schema enum ``name``."""
    values = list(table.values)

    @extend_schema_field({"type": "string", "enum": values}, component_name=name)
    class Field(TableChoiceField):
        pass

    Field.table = table
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

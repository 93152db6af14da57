"""The labour API: complaints the caller may see and their steps (hearing, outcome, court, lapse,
closure, referral), the recruitment agency register, worksites with their risk score and their
linked tips and operations, inspections (a plan sealed from everyone outside its team until its
date) and prevention records. Every read is audited; every change goes through the services."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import MAX_ID, schema_only, valid, valid_filters, version_field
from rumdoh.core.api_schema import filter_parameters
from rumdoh.core.limits import REASON_MAX, TEXT_MAX, BoundedSerializerField
from rumdoh.labour import access, limits, queries
from rumdoh.labour.choices import PreventionKind, Receiver, SanctionKind
from rumdoh.labour.forms import (
    ComplaintFilterForm,
    InspectionFilterForm,
    PreventionFilterForm,
    RecruiterFilterForm,
    WorksiteFilterForm,
)
from rumdoh.labour.models import (
    Complaint,
    Inspection,
    PreventionActivity,
    RecruitmentAgency,
    SanctionRecord,
    Worksite,
)
from rumdoh.labour.services import complaints as svc
from rumdoh.labour.services import registers
from rumdoh.labour.services.complaints import REFERRAL_KINDS, referral_outstanding
from rumdoh.people.access import get_person_for_user
from rumdoh.people.api_audit import AuditedViewSet, NoPersonalData, Reads


class ComplaintSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    complainant = serializers.IntegerField(source="complainant_id", read_only=True, allow_null=True)
    referral_outstanding = serializers.SerializerMethodField()
    # Codes as plain text: the province and country lists are documented once, by the people API.
    province = serializers.CharField(read_only=True, help_text="Province code.")
    destination = serializers.CharField(read_only=True, help_text="Country of work (ISO code).")

    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "agency",
            "received_at",
            "province",
            "complainant",
            "workers",
            "recruiter",
            "worksite",
            "destination",
            "filed_on",
            "stage",
            "hearing_on",
            "concluded_on",
            "court_filed_on",
            "closed_on",
            "referral_outstanding",
            "version",
        ]
        read_only_fields = fields

    def get_referral_outstanding(self, obj: Complaint) -> bool:
        # A list reads it from queries.with_referral_outstanding; one complaint asks.
        found = getattr(obj, "outstanding", None)
        return referral_outstanding(obj) if found is None else bool(found)


class NewLabourComplaintSerializer(serializers.Serializer):
    filed_on = serializers.DateField()
    province = serializers.CharField(max_length=2, help_text="Province code.")
    received_at = serializers.ChoiceField(choices=Receiver.choices, default=Receiver.MRC)
    workers = serializers.IntegerField(
        min_value=1, max_value=limits.COMPLAINT_WORKERS_MAX, default=1
    )
    description = BoundedSerializerField(max_length=TEXT_MAX)
    complainant = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )

    def validate_province(self, value: str) -> str:
        if value not in dict(PROVINCE_CHOICES):
            raise ValidationError(_("Not a province code."))
        return value


class ComplaintReferralSerializer(serializers.Serializer):
    to_agency = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    referred_on = serializers.DateField()
    note = BoundedSerializerField(max_length=TEXT_MAX, required=False, allow_blank=True)


class LabourHearingSerializer(serializers.Serializer):
    hearing_on = serializers.DateField()
    version = version_field()


class LabourOutcomeSerializer(serializers.Serializer):
    agreed = serializers.BooleanField(
        help_text="true: an agreement (enforceable report); false: non-conciliation."
    )
    on = serializers.DateField(help_text="The day the report was signed.")
    terms = BoundedSerializerField(max_length=TEXT_MAX, required=False, allow_blank=True)
    amount_usd = serializers.IntegerField(
        min_value=0, max_value=limits.AMOUNT_USD_MAX, required=False, allow_null=True
    )
    version = version_field()


class LabourDatedStepSerializer(serializers.Serializer):
    on = serializers.DateField()
    version = version_field()


class LabourLapseSerializer(serializers.Serializer):
    version = version_field()


class LabourCloseSerializer(LabourDatedStepSerializer):
    note = BoundedSerializerField(max_length=REASON_MAX, required=False, allow_blank=True)


STEP_ERRORS = {
    400: OpenApiResponse(description="Refused: the complaint is not at a stage that allows it."),
    403: OpenApiResponse(description="Only the agency that received the complaint changes it."),
    404: OpenApiResponse(description="No such complaint, or you may not see it."),
    409: OpenApiResponse(description="Saved by someone else since you read it."),
}


class SanctionSerializer(serializers.ModelSerializer):
    withdrawn = serializers.SerializerMethodField()

    class Meta:
        model = SanctionRecord
        fields = [
            "id",
            "kind",
            "starts_on",
            "ends_on",
            "grounds",
            "lifted_on",
            "lift_reason",
            "withdrawn",
            "withdrawal_reason",
            "version",
        ]
        read_only_fields = fields

    def get_withdrawn(self, obj: SanctionRecord) -> bool:
        """Withdrawn as recorded by mistake: not counted, not shown to the public."""
        return obj.withdrawn_at is not None


class RecruiterSerializer(serializers.ModelSerializer):
    licence_status = serializers.SerializerMethodField()
    province = serializers.CharField(read_only=True, help_text="Province code.")
    sanctions = SanctionSerializer(many=True, read_only=True)

    class Meta:
        model = RecruitmentAgency
        fields = [
            "id",
            "name",
            "name_km",
            "licence_number",
            "issued_on",
            "expires_on",
            "deposit_usd",
            "province",
            "licence_status",
            "sanctions",
            "version",
        ]
        read_only_fields = fields

    def get_licence_status(self, obj: RecruitmentAgency) -> str:
        return str(obj.status_on(timezone.localdate()))


class RenewLicenceSerializer(serializers.Serializer):
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    version = version_field()


class NewSanctionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SanctionKind.choices)
    starts_on = serializers.DateField(
        help_text="The first day it applies: a warning or a fine not later than today; a "
        "suspension or a revocation decided today may start on a later day."
    )
    ends_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The last day of a suspension; none for a warning, a fine or a revocation.",
    )
    grounds = BoundedSerializerField(max_length=300, help_text="Shown to the public.")


class LiftSanctionSerializer(serializers.Serializer):
    lifted_on = serializers.DateField(help_text="The first day the sanction no longer applies.")
    reason = BoundedSerializerField(max_length=REASON_MAX, help_text="Shown to the public.")
    version = version_field(help_text="The sanction's version.")


class WithdrawSanctionSerializer(serializers.Serializer):
    reason = BoundedSerializerField(max_length=REASON_MAX, help_text="Why it was a mistake.")
    version = version_field(help_text="The sanction's version.")


class LicenceStepSerializer(serializers.Serializer):
    on = serializers.DateField()
    event = serializers.ChoiceField(
        choices=[
            (x, x) for x in ("issued", "renewed", "corrected", "sanctioned", "lifted", "withdrawn")
        ]
    )
    issued_on = serializers.DateField(source="term.issued_on", default=None)
    expires_on = serializers.DateField(source="term.expires_on", default=None)
    previous_issued_on = serializers.DateField(source="term.previous_issued_on", default=None)
    previous_expires_on = serializers.DateField(source="term.previous_expires_on", default=None)
    sanction = serializers.IntegerField(source="sanction.pk", default=None)
    kind = serializers.CharField(source="sanction.kind", default=None)
    reason = serializers.CharField()


LICENCE_ERRORS = {
    400: OpenApiResponse(description="Refused, with the reason."),
    403: OpenApiResponse(description="Only a licensing officer changes the register."),
    404: OpenApiResponse(description="No such agency or sanction."),
    409: OpenApiResponse(description="Saved by someone else since you read it."),
}


COMPLAINT_FILTERS = filter_parameters(
    ComplaintFilterForm,
    descriptions={
        "q": "An LC-number, such as LC-000012 or 12; any other text finds none.",
        "referral": "outstanding: a crime indicated, and neither a referral nor a reason for none "
        "recorded.",
    },
)


@extend_schema_view(list=extend_schema(parameters=COMPLAINT_FILTERS))
class ComplaintViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AuditedViewSet
):
    """Labour complaints the caller's agency received, was referred, or follows as case worker;
    the list takes the filters of the complaint list page (``q``, ``stage``, ``referral``). A
    complaint handler files complaints and refers them to the police or a prosecutor."""

    serializer_class = ComplaintSerializer
    audit = Reads("labour_complaint", persons=("complainant_id",))

    def get_queryset(self) -> QuerySet[Complaint]:
        if schema_only(self):
            return Complaint.objects.none()
        user = api_user(self.request, *access.COMPLAINT_READERS)
        rows = access.visible_complaints(user)
        if self.action != "list":
            return rows
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(ComplaintFilterForm(self.request.query_params))
        rows = queries.filtered_complaints(rows, **form.cleaned_data)
        return queries.with_referral_outstanding(rows)

    @extend_schema(request=NewLabourComplaintSerializer, responses={201: ComplaintSerializer})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.HANDLE_LABOUR_COMPLAINTS)
        data = valid(NewLabourComplaintSerializer(data=request.data))
        person_id = data.pop("complainant", None)
        person = None
        if person_id is not None:
            try:
                person = get_person_for_user(user, person_id)
            except Exception:
                raise ValidationError({"complainant": _("No such person.")}) from None
        complaint = svc.file_complaint(user, complainant=person, request=request, **data)
        return Response(ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ComplaintReferralSerializer, responses={201: ComplaintSerializer})
    @action(detail=True, methods=["post"], serializer_class=ComplaintReferralSerializer)
    def refer(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, C.HANDLE_LABOUR_COMPLAINTS)
        complaint = self.get_object()
        data = valid(ComplaintReferralSerializer(data=request.data))
        agency = Agency.objects.filter(
            pk=data["to_agency"], kind__in=REFERRAL_KINDS, is_active=True
        ).first()
        if agency is None:
            raise ValidationError({"to_agency": _("Not a police unit or prosecutor's office.")})
        svc.refer(
            user, complaint, agency, data["referred_on"], data.get("note", ""), request=request
        )
        complaint.refresh_from_db()
        return Response(ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)

    def _step(
        self,
        request: Request,
        serializer_class: type[serializers.Serializer[Any]],
        change: Callable[[Any, Complaint, dict[str, Any]], object],
    ) -> Response:
        user = api_user(request, C.HANDLE_LABOUR_COMPLAINTS)
        complaint = self.get_object()
        data = valid(serializer_class(data=request.data))
        change(user, complaint, data)
        complaint.refresh_from_db()
        return Response(ComplaintSerializer(complaint).data)

    @extend_schema(
        request=LabourHearingSerializer, responses={200: ComplaintSerializer, **STEP_ERRORS}
    )
    @action(detail=True, methods=["post"], serializer_class=LabourHearingSerializer)
    def hearing(self, request: Request, pk: str | None = None) -> Response:
        """Schedule the conciliation hearing (within three weeks of the filing)."""
        return self._step(
            request,
            LabourHearingSerializer,
            lambda u, c, d: svc.schedule_hearing(
                u, c, d["hearing_on"], d["version"], request=request
            ),
        )

    @extend_schema(
        request=LabourOutcomeSerializer, responses={200: ComplaintSerializer, **STEP_ERRORS}
    )
    @action(detail=True, methods=["post"], serializer_class=LabourOutcomeSerializer)
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """Record the outcome of the hearing: an agreement, or non-conciliation (the two months
        to go to court start)."""
        return self._step(
            request,
            LabourOutcomeSerializer,
            lambda u, c, d: svc.record_conciliation(
                u,
                c,
                agreed=d["agreed"],
                on=d["on"],
                version=d["version"],
                terms=d.get("terms", ""),
                amount_usd=d.get("amount_usd"),
                request=request,
            ),
        )

    @extend_schema(
        request=LabourDatedStepSerializer, responses={200: ComplaintSerializer, **STEP_ERRORS}
    )
    @action(detail=True, methods=["post"], serializer_class=LabourDatedStepSerializer)
    def court(self, request: Request, pk: str | None = None) -> Response:
        """Record that the claim was taken to court."""
        return self._step(
            request,
            LabourDatedStepSerializer,
            lambda u, c, d: svc.record_court_filing(u, c, d["on"], d["version"], request=request),
        )

    @extend_schema(
        request=LabourLapseSerializer, responses={200: ComplaintSerializer, **STEP_ERRORS}
    )
    @action(detail=True, methods=["post"], serializer_class=LabourLapseSerializer)
    def lapse(self, request: Request, pk: str | None = None) -> Response:
        """Record that the claim lapsed (only once the two months have passed)."""
        return self._step(
            request,
            LabourLapseSerializer,
            lambda u, c, d: svc.record_lapse(u, c, d["version"], request=request),
        )

    @extend_schema(
        request=LabourCloseSerializer, responses={200: ComplaintSerializer, **STEP_ERRORS}
    )
    @action(detail=True, methods=["post"], serializer_class=LabourCloseSerializer)
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the complaint; refused while a referral to the police is outstanding."""
        return self._step(
            request,
            LabourCloseSerializer,
            lambda u, c, d: svc.close_complaint(
                u, c, d["on"], d["version"], d.get("note", ""), request=request
            ),
        )


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            RecruiterFilterForm,
            descriptions={
                "q": "Part of the name (Latin or Khmer letters), or the whole licence number.",
            },
        )
    )
)
class RecruiterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """The register of licensed recruitment agencies (public facts); the list takes the filters
    of the register's page (``q``, ``province``)."""

    serializer_class = RecruiterSerializer
    audit = NoPersonalData("the register of recruitment agencies: companies, not persons")

    def get_queryset(self) -> QuerySet[RecruitmentAgency]:
        if schema_only(self):
            return RecruitmentAgency.objects.none()
        api_user(self.request, *access.REGISTER_USERS)
        # The staff list's rows and order, each licence status read from sanctions fetched once.
        rows = queries.recruiters()
        if self.action != "list":
            return rows
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(RecruiterFilterForm(self.request.query_params))
        return queries.filtered_recruiters(rows, **form.cleaned_data)

    def _changed(self, agency: RecruitmentAgency) -> Response:
        fresh = queries.recruiters().get(pk=agency.pk)
        return Response(RecruiterSerializer(fresh).data)

    @extend_schema(
        request=RenewLicenceSerializer, responses={200: RecruiterSerializer, **LICENCE_ERRORS}
    )
    @action(detail=True, methods=["post"], serializer_class=RenewLicenceSerializer)
    def renew(self, request: Request, pk: str | None = None) -> Response:
        """Renew the licence for a new term (at the agency's ``version``); the old dates stay in
        its history. Renewed without a gap (ahead of time), the licence runs on unbroken: the
        agency keeps the day it was first issued and is licensed until the renewed term ends.
        A refusal of the dates answers 400 naming ``issued_on`` or ``expires_on``."""
        user = api_user(request, C.LICENSE_RECRUITERS)
        agency = self.get_object()
        data = valid(RenewLicenceSerializer(data=request.data))
        version = data.pop("version")
        registers.renew_licence(user, agency, version, request=request, **data)
        return self._changed(agency)

    @extend_schema(
        request=NewSanctionSerializer,
        responses={
            201: RecruiterSerializer,
            **{k: v for k, v in LICENCE_ERRORS.items() if k != 409},
        },
    )
    @action(detail=True, methods=["post"], serializer_class=NewSanctionSerializer)
    def sanctions(self, request: Request, pk: str | None = None) -> Response:
        """Record a sanction (warning, fine, suspension until its last day, or revocation), by
        the rules of the page: only a suspension has an end, and a warning or a fine is not
        dated in the future. Answers the agency with its sanctions."""
        user = api_user(request, C.LICENSE_RECRUITERS)
        agency = self.get_object()
        data = valid(NewSanctionSerializer(data=request.data))
        registers.sanction(user, agency, request=request, **data)
        fresh = queries.recruiters().get(pk=agency.pk)
        return Response(RecruiterSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: LicenceStepSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The licence's history, oldest first: issued, renewed or its dates corrected (with the
        dates before), sanctions, and their lifts and withdrawals with the reason."""
        agency = self.get_object()
        return Response(LicenceStepSerializer(queries.licence_history(agency), many=True).data)

    def _sanction_step(
        self,
        request: Request,
        sanction_id: str,
        serializer_class: type[serializers.Serializer[Any]],
        change: Callable[..., object],
    ) -> Response:
        user = api_user(request, C.LICENSE_RECRUITERS)
        agency = self.get_object()
        row = get_object_or_404(SanctionRecord, pk=int(sanction_id), agency=agency)
        data = valid(serializer_class(data=request.data))
        version = data.pop("version")
        change(user, row, version, request=request, **data)
        return self._changed(agency)

    @extend_schema(
        request=LiftSanctionSerializer, responses={200: RecruiterSerializer, **LICENCE_ERRORS}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"sanctions/(?P<sanction_id>[0-9]{1,10})/lift",
        serializer_class=LiftSanctionSerializer,
    )
    def lift(self, request: Request, sanction_id: str, pk: str | None = None) -> Response:
        """Lift a suspension or a revocation (end it early, at the sanction's ``version``): the
        licence's status reads it at once, here and on the public page."""
        return self._sanction_step(
            request, sanction_id, LiftSanctionSerializer, registers.lift_sanction
        )

    @extend_schema(
        request=WithdrawSanctionSerializer, responses={200: RecruiterSerializer, **LICENCE_ERRORS}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"sanctions/(?P<sanction_id>[0-9]{1,10})/withdraw",
        serializer_class=WithdrawSanctionSerializer,
    )
    def withdraw(self, request: Request, sanction_id: str, pk: str | None = None) -> Response:
        """Withdraw a sanction recorded by mistake (at its ``version``): no longer counted nor
        shown to the public; kept, with the reason, for staff."""
        return self._sanction_step(
            request, sanction_id, WithdrawSanctionSerializer, registers.withdraw_sanction
        )


class WorksiteRiskSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text="0 to 100.")
    level = serializers.ChoiceField(choices=[(x, x) for x in ("low", "medium", "high")])
    parts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Points by source: the kind of place, complaints, cases, tips, raids, findings.",
    )


class WorksiteSerializer(serializers.ModelSerializer):
    province = serializers.CharField(read_only=True, help_text="Province code.")
    risk = serializers.SerializerMethodField()
    tips = serializers.SerializerMethodField(help_text="Linked tips (ids) the caller may open.")
    operations = serializers.SerializerMethodField(
        help_text="Linked operations (ids) the caller's agency sees."
    )

    class Meta:
        model = Worksite
        fields = [
            "id",
            "name",
            "kind",
            "province",
            "address",
            "operator",
            "risk",
            "tips",
            "operations",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(WorksiteRiskSerializer)
    def get_risk(self, obj: Worksite) -> dict[str, Any]:
        found = self.context["risks"].get(obj.pk) or queries.risks([obj])[obj.pk]
        return {"score": found.score, "level": str(found.level), "parts": dict(found.parts)}

    def get_tips(self, obj: Worksite) -> list[int]:
        return self._links(obj)[0]

    def get_operations(self, obj: Worksite) -> list[int]:
        return self._links(obj)[1]

    def _links(self, obj: Worksite) -> tuple[list[int], list[int]]:
        links: dict[int, tuple[list[int], list[int]]] = self.context["links"]
        if obj.pk not in links:
            user = self.context["request"].user
            links.update(queries.worksite_link_ids(user, [obj.pk]))
        return links[obj.pk]


class WorksiteLinkSerializer(serializers.Serializer):
    reference = serializers.CharField(
        max_length=20, help_text="The tip's T- reference, or the operation's OP- reference."
    )


LINK_ERRORS = {
    400: OpenApiResponse(description="No such tip or operation, you may not see it, or linked."),
    403: OpenApiResponse(description="Only users who plan inspections link."),
}


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(WorksiteFilterForm, descriptions={"q": "Part of the name."})
    )
)
class WorksiteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """The register of risky worksites with each one's risk score, and the tips and operations
    linked to it; the list takes the filters of the register's page (``q``, ``kind``,
    ``province``). Inspectors link a tip or an operation by its reference."""

    serializer_class = WorksiteSerializer
    audit = Reads("worksite")

    def get_queryset(self) -> QuerySet[Worksite]:
        if schema_only(self):
            return Worksite.objects.none()
        api_user(self.request, *access.REGISTER_USERS)
        rows = Worksite.objects.all()
        if self.action != "list":
            return rows
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(WorksiteFilterForm(self.request.query_params))
        return queries.filtered_worksites(rows, **form.cleaned_data)

    def get_serializer_context(self) -> dict[str, Any]:
        risks = getattr(self, "_risks", {})
        links = dict(getattr(self, "_link_ids", {}))
        return {**super().get_serializer_context(), "risks": risks, "links": links}

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        self._risks = queries.risks(page or [])
        user = api_user(self.request)
        self._link_ids = queries.worksite_link_ids(user, [s.pk for s in page or []])
        return page

    def _link(self, request: Request, link: Any) -> Response:
        user = api_user(request, C.PLAN_INSPECTIONS)
        site = self.get_object()
        data = valid(WorksiteLinkSerializer(data=request.data))
        link(user, site, data["reference"], request=request)
        context = self.get_serializer_context()
        return Response(WorksiteSerializer(site, context=context).data, status=201)

    @extend_schema(
        request=WorksiteLinkSerializer, responses={201: WorksiteSerializer, **LINK_ERRORS}
    )
    @action(detail=True, methods=["post"], serializer_class=WorksiteLinkSerializer)
    def tips(self, request: Request, pk: str | None = None) -> Response:
        """Link a tip about the worksite (one your agency holds or recorded)."""
        return self._link(request, registers.link_tip)

    @extend_schema(
        request=WorksiteLinkSerializer, responses={201: WorksiteSerializer, **LINK_ERRORS}
    )
    @action(detail=True, methods=["post"], serializer_class=WorksiteLinkSerializer)
    def operations(self, request: Request, pk: str | None = None) -> Response:
        """Link an operation held at the worksite (one your agency led or took part in)."""
        return self._link(request, registers.link_operation)


class InspectionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    team: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    screenings: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "reference",
            "worksite",
            "agency",
            "planned_for",
            "team",
            "status",
            "carried_out_on",
            "workers_present",
            "violations_found",
            "findings",
            "follow_up",
            "follow_up_due",
            "screenings",
            "referrals_made",
            "version",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            InspectionFilterForm,
            descriptions={
                "province": "The worksite's two-digit province code.",
                "since": "Planned for this day or later.",
                "until": "Planned for this day or earlier; not before since.",
            },
        )
    )
)
class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """Inspections of the caller's agency; the list takes the filters of the inspection list
    page (``q``, ``status``, ``province``, ``violations``, ``follow_up``, ``since``, ``until``).
    A plan is sealed: until its date only its team and whoever planned it see it; anyone else
    gets 404, as on the pages."""

    serializer_class = InspectionSerializer
    audit = Reads("inspection")

    def get_queryset(self) -> QuerySet[Inspection]:
        if schema_only(self):
            return Inspection.objects.none()
        user = api_user(self.request, C.PLAN_INSPECTIONS)
        rows = access.visible_inspections(user).prefetch_related("team", "screenings")
        if self.action != "list":
            return rows
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(InspectionFilterForm(self.request.query_params))
        return queries.filtered_inspections(rows, **form.cleaned_data)


class PreventionSerializer(serializers.ModelSerializer):
    # Codes as plain text: the province list is documented once, by the people API.
    province = serializers.CharField(max_length=2, help_text="Province code.")
    kind = serializers.ChoiceField(choices=PreventionKind.choices)
    title = BoundedSerializerField(max_length=200)

    class Meta:
        model = PreventionActivity
        fields = [
            "id",
            "kind",
            "title",
            "held_on",
            "province",
            "sessions",
            "women",
            "men",
            "agency",
        ]
        read_only_fields = ["id", "agency"]
        extra_kwargs = {
            "sessions": {"min_value": 1, "max_value": limits.SESSIONS_MAX},
            "women": {"min_value": 0, "max_value": limits.PARTICIPANTS_MAX},
            "men": {"min_value": 0, "max_value": limits.PARTICIPANTS_MAX},
        }

    def validate_province(self, value: str) -> str:
        if value not in dict(PROVINCE_CHOICES):
            raise ValidationError(_("Not a province code."))
        return value


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            PreventionFilterForm,
            descriptions={
                "q": "Part of the title.",
                "since": "Held on this day or later.",
                "until": "Held on this day or earlier; not before since.",
            },
        )
    )
)
class PreventionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AuditedViewSet
):
    """Training sessions, awareness campaigns and pre-departure orientation, with participants by
    sex and province; recorded by users who record prevention. The list takes the filters of
    the prevention page (``q``, ``kind``, ``province``, ``since``, ``until``)."""

    serializer_class = PreventionSerializer
    audit = Reads("prevention")

    def get_queryset(self) -> QuerySet[PreventionActivity]:
        if schema_only(self):
            return PreventionActivity.objects.none()
        api_user(self.request, C.RECORD_PREVENTION, C.VIEW_STATISTICS)
        rows = PreventionActivity.objects.all()
        if self.action != "list":
            return rows
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(PreventionFilterForm(self.request.query_params))
        return queries.filtered_preventions(rows, **form.cleaned_data)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.RECORD_PREVENTION)
        data = valid(PreventionSerializer(data=request.data))
        row = registers.record_prevention(user, request=request, **data)
        return Response(PreventionSerializer(row).data, status=status.HTTP_201_CREATED)

"""The labour API (read): complaints the caller may see, and the recruitment agency register."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import MAX_ID, schema_only, valid
from rumdoh.core.limits import TEXT_MAX, BoundedSerializerField
from rumdoh.labour import access
from rumdoh.labour.choices import Receiver
from rumdoh.labour.models import Complaint, RecruitmentAgency
from rumdoh.labour.services import complaints as svc
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
        return referral_outstanding(obj)


class NewLabourComplaintSerializer(serializers.Serializer):
    filed_on = serializers.DateField()
    province = serializers.CharField(max_length=2, help_text="Province code.")
    received_at = serializers.ChoiceField(choices=Receiver.choices, default=Receiver.MRC)
    workers = serializers.IntegerField(min_value=1, max_value=10_000, default=1)
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


class RecruiterSerializer(serializers.ModelSerializer):
    licence_status = serializers.SerializerMethodField()
    province = serializers.CharField(read_only=True, help_text="Province code.")

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
        ]
        read_only_fields = fields

    def get_licence_status(self, obj: RecruitmentAgency) -> str:
        return str(obj.status_on(timezone.localdate()))


class ComplaintViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AuditedViewSet
):
    """Labour complaints the caller's agency received, was referred, or follows as case worker.
    A complaint handler files complaints and refers them to the police or a prosecutor."""

    serializer_class = ComplaintSerializer
    audit = Reads("labour_complaint", persons=("complainant_id",))

    def get_queryset(self) -> QuerySet[Complaint]:
        if schema_only(self):
            return Complaint.objects.none()
        user = api_user(self.request, *access.COMPLAINT_READERS)
        return access.visible_complaints(user).order_by("-id")

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


class RecruiterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """The register of licensed recruitment agencies (public facts)."""

    serializer_class = RecruiterSerializer
    audit = NoPersonalData("the register of recruitment agencies: companies, not persons")

    def get_queryset(self) -> QuerySet[RecruitmentAgency]:
        if schema_only(self):
            return RecruitmentAgency.objects.none()
        api_user(self.request, *access.REGISTER_USERS)
        return RecruitmentAgency.objects.prefetch_related("sanctions").order_by("name", "id")

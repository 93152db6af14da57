"""The labour API (read): complaints the caller may see, and the recruitment agency register."""

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import mixins, serializers

from rumdoh.accounts.api import api_user
from rumdoh.core.api import schema_only
from rumdoh.labour import access
from rumdoh.labour.models import Complaint, RecruitmentAgency
from rumdoh.labour.services.complaints import referral_outstanding
from rumdoh.people.api_audit import AuditedViewSet, NoPersonalData, Reads


class ComplaintSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
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


class RecruiterSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
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


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """Labour complaints the caller's agency received, was referred, or follows as case worker."""

    serializer_class = ComplaintSerializer
    audit = Reads("labour_complaint", persons=("complainant_id",))

    def get_queryset(self) -> QuerySet[Complaint]:
        if schema_only(self):
            return Complaint.objects.none()
        user = api_user(self.request, *access.COMPLAINT_READERS)
        return access.visible_complaints(user).order_by("-id")


class RecruiterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """The register of licensed recruitment agencies (public facts)."""

    serializer_class = RecruiterSerializer
    audit = NoPersonalData("the register of recruitment agencies: companies, not persons")

    def get_queryset(self) -> QuerySet[RecruitmentAgency]:
        if schema_only(self):
            return RecruitmentAgency.objects.none()
        api_user(self.request, *access.REGISTER_USERS)
        return RecruitmentAgency.objects.prefetch_related("sanctions").order_by("name", "id")

"""Serializers of victims' interviews and of invitations to interview together."""

from rest_framework import serializers

from rumdoh.justice.models import Interview, JointInterviewInvitation
from rumdoh.justice.serializers.common import InvitationStatusField, PurposeField, ref


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

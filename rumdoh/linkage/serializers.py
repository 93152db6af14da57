from rest_framework import serializers

from rumdoh.core.limits import REASON_MAX
from rumdoh.linkage.models import LinkRun, ReviewPair, RunMode
from rumdoh.linkage.services import pair_state
from rumdoh.people.models import Person


class ComparedRecordSerializer(serializers.ModelSerializer):
    """What the data steward needs to compare a record: no case details."""

    reference = serializers.CharField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    agency_kind = serializers.CharField(source="owner_agency.kind", read_only=True)

    class Meta:
        model = Person
        fields = ["reference", "name", "name_km", "birth_year", "sex", "province", "agency_kind"]
        read_only_fields = fields


class QueuedRecordSerializer(serializers.ModelSerializer):
    """A record as the queue lists it: its number and the kind of agency, no name."""

    reference = serializers.CharField(read_only=True)
    agency_kind = serializers.CharField(source="owner_agency.kind", read_only=True)

    class Meta:
        model = Person
        fields = ["reference", "agency_kind"]
        read_only_fields = fields


class QueuedPairSerializer(serializers.ModelSerializer):
    """A pair as the queue lists it: enough to pick one, nothing to compare it by. The names
    are only in one pair's answer (``ReviewPairSerializer``), which is audited per person."""

    left = QueuedRecordSerializer(read_only=True)
    right = QueuedRecordSerializer(read_only=True)
    decision = serializers.SerializerMethodField()

    class Meta:
        model = ReviewPair
        fields = ["id", "probability", "left", "right", "decision", "withdrawn_at"]
        read_only_fields = fields

    def get_decision(self, pair: ReviewPair) -> str | None:
        """``same``, ``different``, or null while the pair waits."""
        if pair.decision is None:
            return None
        return "same" if pair.decision.same else "different"


class ReviewPairSerializer(QueuedPairSerializer):
    """One pair, its two records side by side, and ``seen``: what this answer shows of them,
    to send back with the decision."""

    left = ComparedRecordSerializer(read_only=True)  # type: ignore[assignment]
    right = ComparedRecordSerializer(read_only=True)  # type: ignore[assignment]
    seen = serializers.SerializerMethodField()

    class Meta(QueuedPairSerializer.Meta):
        fields = [*QueuedPairSerializer.Meta.fields, "seen"]
        read_only_fields = fields

    def get_seen(self, pair: ReviewPair) -> str:
        """The records' versions and the decision as read (``services.pair_state``)."""
        return pair_state(pair)


class DecisionSerializer(serializers.Serializer):
    same = serializers.BooleanField(help_text="True: one person. False: different persons.")
    reason = serializers.CharField(max_length=REASON_MAX, help_text="Kept sealed.")
    seen = serializers.CharField(
        required=False,
        max_length=100,
        help_text="The pair's seen, as read: when a record or the decision changed since, "
        "nothing is saved (409).",
    )


class LinkRunSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    mode = serializers.ChoiceField(choices=RunMode.choices)

    class Meta:
        model = LinkRun
        fields = [
            "id",
            "mode",
            "reason",
            "status",
            "requested_at",
            "started_at",
            "finished_at",
            "stage",
            "done",
            "total",
            "percent",
            "records",
            "clusters",
            "review_pairs",
            "ids_kept",
            "ids_new",
            "ids_retired",
            "forced_merges",
            "forced_splits",
            "national_persons",
            "records_unlinked",
            "pairs_waiting",
        ]
        read_only_fields = [f for f in fields if f != "mode"]

"""The shape of the statistics API (for the schema): aggregate tables, no person anywhere."""

from rest_framework import serializers

from rumdoh.statistics.justice_measures import JUSTICE_MEASURES

JUSTICE_BREAKDOWNS = sorted({dim.key for m in JUSTICE_MEASURES for dim in m.dimensions})


class PeriodSerializer(serializers.Serializer[dict[str, object]]):
    start = serializers.DateField()
    end = serializers.DateField()


class ColumnSerializer(serializers.Serializer[dict[str, object]]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field.label


class RowSerializer(serializers.Serializer[dict[str, object]]):
    code = serializers.CharField(help_text="Category code; 'total' for the row of totals.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field.label
    values = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="One count per column; null where the cell is suppressed.",
    )
    total = serializers.IntegerField(allow_null=True, help_text="Null where suppressed.")


class BreakdownSerializer(serializers.Serializer[dict[str, object]]):
    # "country": the people repatriated, by the country returned from (the cross-border app's).
    breakdown = serializers.ChoiceField(
        choices=["province", "sex", "age", "nationality", "exploitation", "country"]
    )
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field.label
    rows = RowSerializer(many=True)
    totals = RowSerializer()


class MeasureSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field.label
    note = serializers.CharField()
    columns = ColumnSerializer(many=True)
    total_label = serializers.CharField()
    tables = BreakdownSerializer(many=True)


class JusticeBreakdownSerializer(BreakdownSerializer):
    breakdown = serializers.ChoiceField(choices=JUSTICE_BREAKDOWNS)


class JusticeMeasureSerializer(MeasureSerializer):
    columns = ColumnSerializer(
        many=True, help_text="Offence classes: trafficking, related offences only, no charge yet."
    )
    tables = JusticeBreakdownSerializer(many=True)


class MedianRowSerializer(serializers.Serializer[dict[str, object]]):
    code = serializers.CharField(help_text="The step between two stages.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field.label
    values = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="Median days, one per column; null where fewer cases than the threshold.",
    )


class MediansSerializer(serializers.Serializer[dict[str, object]]):
    note = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = MedianRowSerializer(many=True)


class JusticeSerializer(serializers.Serializer[dict[str, object]]):
    note = serializers.CharField()
    measures = JusticeMeasureSerializer(many=True)
    medians = MediansSerializer()


class SectionRowSerializer(serializers.Serializer[dict[str, object]]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field.label
    values = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="One number per column, as the page shows it; null where it is suppressed.",
    )


class SectionTableSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField(help_text="The table, e.g. 'prevention'.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field.label
    breakdown = serializers.CharField(help_text="What the rows are, e.g. 'kind'.")
    columns = ColumnSerializer(many=True)
    rows = SectionRowSerializer(many=True)


class ReportSerializer(serializers.Serializer[dict[str, object]]):
    period = PeriodSerializer()
    threshold = serializers.IntegerField(
        help_text="Cells below this are suppressed, with enough others that none can be derived."
    )
    measures = MeasureSerializer(many=True)
    justice = JusticeSerializer(
        help_text="Investigations, prosecutions, convictions and attrition, by offence class."
    )
    sections = SectionTableSerializer(
        many=True,
        help_text="The tables other parts of the system add to the page (prevention: training, "
        "awareness and pre-departure orientation, by kind; counts of attendance, not of "
        "persons, shown whole as on the page).",
    )

"""The same linkage model on Splink's Spark backend, in a local Spark without network."""

import io

import pytest
from django.core.management import call_command

from rumdoh.linkage import engine
from rumdoh.linkage.engine import LinkRecord, link, spark_session
from rumdoh.linkage.models import PersonLink
from tests.conftest import make_person

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[1]", memory="1g", partitions=1)
    # A handful of records: compiling generated code costs more than it saves.
    session.conf.set("spark.sql.codegen.wholeStage", "false")
    session.conf.set("spark.sql.adaptive.enabled", "false")
    yield session
    session.stop()


RECORDS = [
    LinkRecord("a", "NGO", "Srey Mom", "Chan", "F", 1995, "", "02", "012 345 678", "KH"),
    LinkRecord("b", "police", "Chann", "Sreymom", "female", 1995, "", "02", "", "KH"),
    LinkRecord("c", "NGO", "Sok", "Dara", "M", 1980, "", "12", "", "KH"),
    LinkRecord("d", "court", "Srey Mom", "Chan", "F", 1970, "", "14", "099 111 222", "KH"),
    LinkRecord("e", "court", "ស្រីពៅ", "សុខ", "F", 2001, "", "03", "", "KH"),
    LinkRecord("f", "MOSVY", "Srey Pov", "Sok", "F", 2001, "", "03", "", "KH"),
]


def test_spark_links_as_duckdb_does(spark):
    on_spark = link(RECORDS, backend="spark", spark=spark)
    on_duckdb = link(RECORDS)
    assert on_spark.clusters == on_duckdb.clusters
    assert on_spark.clusters["a"] == on_spark.clusters["b"]
    assert on_spark.clusters["e"] == on_spark.clusters["f"]
    assert on_spark.clusters["a"] != on_spark.clusters["d"]
    assert [p[:2] for p in on_spark.pairs] == [p[:2] for p in on_duckdb.pairs]


def test_the_register_is_linked_on_spark_when_the_setting_says_so(
    spark, world, settings, monkeypatch
):
    # A deployment whose register outgrows one machine sets RUMDOH_LINKAGE_BACKEND=spark (and
    # RUMDOH_SPARK_MASTER): link_persons and the background runs then link on Spark.
    asked = []
    linking = engine.link

    def spy(records, **options):
        asked.append(options["backend"])
        return linking(records, **options)

    monkeypatch.setattr(engine, "link", spy)
    again = make_person(world.partner, given_name="Sokha", family_name="Chan")
    other = make_person(
        world.owner, given_name="Dara", family_name="Kim", birth_year=1990, phone="099 111 222"
    )
    settings.RUMDOH_LINKAGE_BACKEND = "spark"
    said = io.StringIO()
    call_command("link_persons", stdout=said)
    assert asked == ["spark"]
    assert "done: 3 record(s) linked into 2 national persons" in said.getvalue()

    def national(person):
        return PersonLink.objects.get(person=person).national_id

    assert national(world.person) == national(again) != national(other)

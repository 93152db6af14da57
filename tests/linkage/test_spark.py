"""The same linkage model on Splink's Spark backend, in a local Spark without network."""

import pytest

from rumdoh.linkage.engine import LinkRecord, link, spark_session

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

"""One person, however many agencies recorded her: probabilistic record linkage with Splink.

``link(records)`` compares the records pairwise (within the blocks below) with a Fellegi-Sunter
model whose parameters Splink estimates from the records themselves: u probabilities by random
sampling, m probabilities by expectation maximisation, and term frequencies of the folded name key
(and of its skeleton) so that two "Sok Srey" agree less than two "Vireak Chheang", exactly or
nearly. No labelled data is needed. When the
records are too few to estimate anything (or the estimation fails, as EM does on small or
degenerate data with a "math domain error"), the fixed priors written next to each comparison
level are used instead.

Pairs at or above ``MATCH_THRESHOLD`` are joined into clusters, one cluster per person, best pair
first, refusing a join that would put conflicting birth years, provinces, home districts, sexes
or documents, or two records of one agency, in one cluster without the pair itself having
weighed them (``rules.clustering``: this stops a record without a year or a province from
chaining namesakes together). Pairs from
``REVIEW_LOW`` up to ``REVIEW_HIGH`` (= ``MATCH_THRESHOLD``), and the refused pairs, are returned
for a data steward to decide; they are not merged unless other pairs join them.

DuckDB runs in memory with spilling to disk switched off, so no record is ever written in clear;
the Spark backend (``backend="spark"``) runs the same model for deployments larger than one
machine (its shuffle files are encrypted, ``spark.io.encryption.enabled``).
"""

from __future__ import annotations

import gc
import logging
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from rumdoh.linkage.rules.bands import CONFLICT_OVERRIDE, MATCH_THRESHOLD, REVIEW_HIGH, REVIEW_LOW
from rumdoh.linkage.rules.clustering import Facts, cluster
from rumdoh.linkage.rules.prior import Shared, prior_from_shared, shared
from rumdoh.linkage.rules.records import COLUMNS, LinkRecord, prepare

__all__ = [
    "MATCH_THRESHOLD",
    "REVIEW_HIGH",
    "REVIEW_LOW",
    "LinkRecord",
    "LinkResult",
    "link",
]

#: Below this many records the parameters are not estimated: the priors are used.
MIN_RECORDS_TO_TRAIN = 2_000
#: Up to this many records, wider blocking rules are added (their pairs grow as the square).
BROAD_BLOCKING_UP_TO = 300_000
#: Random pairs sampled to estimate u probabilities.
U_SAMPLE_PAIRS = 1_000_000
#: Blocked pairs used by each expectation-maximisation session at most.
EM_MAX_PAIRS = 2_000_000

#: Where the model runs (``RUMDOH_LINKAGE_BACKEND``, ``--backend``).
BACKENDS = ("duckdb", "spark")

Progress = Callable[[str, int, int], None]
STEPS = ("prepare", "train", "predict", "cluster", "collect")

log = logging.getLogger(__name__)


@dataclass
class LinkResult:
    """Cluster of every record, and the uncertain pairs for review."""

    clusters: dict[str, str] = field(default_factory=dict)
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    trained: bool = False  # False when the fixed priors were used

    @property
    def people(self) -> int:
        return len(set(self.clusters.values()))


# --- The model ------------------------------------------------------------------------------


def _comparisons() -> list[Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def level(creator: Any, m: float, u: float, **options: Any) -> Any:
        return creator.configure(m_probability=m, u_probability=u, **options)

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_description="Folded Khmer syllables, order-free, joined or split",
        comparison_levels=[
            cll.NullLevel("name_key"),
            level(
                cll.ExactMatchLevel("name_key"),
                0.60,
                0.0005,
                tf_adjustment_column="name_key",
                tf_adjustment_weight=1.0,
                tf_minimum_u_value=0.00001,
            ),
            level(
                cll.CustomLevel(
                    "given_key_l = family_key_r AND family_key_l = given_key_r",
                    label_for_charts="Given and family names swapped",
                ),
                0.05,
                0.00005,
            ),
            level(
                cll.JaroWinklerLevel("name_key", 0.92),
                0.18,
                0.002,
                tf_adjustment_column="name_key",
                tf_adjustment_weight=1.0,
            ),
            level(
                cll.ExactMatchLevel("name_skeleton"),
                0.06,
                0.001,
                tf_adjustment_column="name_skeleton",
                tf_adjustment_weight=1.0,
            ),
            level(cll.ArrayIntersectLevel("name_syllables", 2), 0.10, 0.01),
            level(cll.ArrayIntersectLevel("name_syllables", 1), 0.05, 0.15),
            level(cll.ElseLevel(), 0.02, 0.8375),
        ],
    )
    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_description="Date of birth, or year with tolerance for estimated ages",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            level(
                cll.CustomLevel(
                    "birth_date_l = birth_date_r", label_for_charts="Same date of birth"
                ),
                0.35,
                0.0001,
            ),
            # Two written dates that differ are two birthdays, even in the same year: a date
            # is copied from a document, where a year may be an estimate.
            level(
                cll.CustomLevel(
                    "birth_date_l <> birth_date_r", label_for_charts="Two different dates"
                ),
                0.01,
                0.03,
            ),
            level(cll.ExactMatchLevel("birth_year"), 0.35, 0.03),
            level(
                cll.CustomLevel(
                    "abs(birth_year_l - birth_year_r) <= 1", label_for_charts="Years 1 apart"
                ),
                0.15,
                0.06,
            ),
            level(
                cll.CustomLevel(
                    "abs(birth_year_l - birth_year_r) <= 3", label_for_charts="Years 2-3 apart"
                ),
                0.10,
                0.11,
            ),
            level(
                cll.CustomLevel(
                    "abs(birth_year_l - birth_year_r) <= 6", label_for_charts="Years 4-6 apart"
                ),
                0.04,
                0.11,
            ),
            level(cll.ElseLevel(), 0.01, 0.69),
        ],
    )
    province = cl.CustomComparison(
        output_column_name="province",
        comparison_description="Home province",
        comparison_levels=[
            cll.NullLevel("province"),
            level(cll.ExactMatchLevel("province"), 0.9, 0.05),
            level(cll.ElseLevel(), 0.1, 0.95),
        ],
    )

    # Home district, commune and village, folded like names. Village names repeat across the
    # country (many a Prey Veng), so a village counts only within the same commune; two
    # communes that differ within one district are weak evidence against (people move).
    home = cl.CustomComparison(
        output_column_name="home",
        comparison_description="Home commune and village, or district",
        comparison_levels=[
            cll.CustomLevel(
                "(commune_l IS NULL OR commune_r IS NULL)"
                " AND (district_l IS NULL OR district_r IS NULL)",
                label_for_charts="Home not known on both",
            ).configure(is_null_level=True),
            level(
                cll.CustomLevel(
                    "commune_l = commune_r AND village_l = village_r",
                    label_for_charts="Same commune and village",
                ),
                0.45,
                0.0005,
            ),
            level(
                cll.ExactMatchLevel("commune"),
                0.30,
                0.002,
                tf_adjustment_column="commune",
                tf_adjustment_weight=1.0,
            ),
            level(cll.JaroWinklerLevel("commune", 0.88), 0.08, 0.003),
            level(
                cll.CustomLevel(
                    "district_l = district_r AND (commune_l IS NULL OR commune_r IS NULL)",
                    label_for_charts="Same district, a commune not known",
                ),
                0.12,
                0.02,
            ),
            level(
                cll.CustomLevel(
                    "district_l = district_r", label_for_charts="Same district, another commune"
                ),
                0.03,
                0.02,
            ),
            level(cll.ElseLevel(), 0.02, 0.9545),
        ],
    )

    def exact(column: str, m: float, u: float, description: str) -> Any:
        return cl.CustomComparison(
            output_column_name=column,
            comparison_description=description,
            comparison_levels=[
                cll.NullLevel(column),
                level(cll.ExactMatchLevel(column), m, u),
                level(cll.ElseLevel(), 1 - m, 1 - u),
            ],
        )

    document = cl.CustomComparison(
        output_column_name="document",
        comparison_description="Identity document number",
        comparison_levels=[
            cll.NullLevel("document"),
            level(cll.ExactMatchLevel("document"), 0.90, 0.00001),
            level(cll.DamerauLevenshteinLevel("document", 1), 0.05, 0.0001),
            level(cll.ElseLevel(), 0.05, 0.99989),
        ],
    )
    return [
        name,
        birth,
        exact("sex", 0.97, 0.5, "Sex"),
        exact("phone", 0.85, 0.0001, "Phone (last 8 digits)"),
        document,
        province,
        home,
        exact("nationality", 0.97, 0.8, "Nationality"),
        # An agency searches its own records before recording a person, so two records of one
        # agency are less often one person than two of different agencies; how much less is
        # estimated from the records (neutral until then: the share of pairs from one agency
        # depends on how many agencies the register holds).
        exact("agency", 0.1, 0.1, "Recording agency"),
    ]


def _blocking_rules(count: int, focused: bool = False) -> list[Any]:
    from splink import block_on
    from splink.blocking_rule_library import And, CustomRule

    rules = _plain_blocking_rules(count, block_on)
    if focused:  # an incremental run compares only pairs with a new record on one side
        return [And(rule, CustomRule("l.focus OR r.focus")) for rule in rules]
    return rules


def _plain_blocking_rules(count: int, block_on: Any) -> list[Any]:
    # Each rule is selective enough for a million records; together they catch the same name
    # with years up to 3 apart or the same province, a shared phone or document, and a typo in
    # one of the names when the birth year (and for the family name, the province) agree.
    return [
        block_on("name_skeleton", "year_bin_a"),
        block_on("name_skeleton", "year_bin_b"),
        block_on("name_skeleton", "province"),
        block_on("phone"),
        block_on("document"),
        # A typo in the family name: its first letter is rarely the one mistyped, and the
        # given name and year alone bring 20,000,000 pairs at 1,000,000 records (3,000,000).
        block_on("given_key", "birth_year", "family_initial"),
        block_on("family_key", "birth_year", "province"),
        # Romanisations folding leaves apart (Hang/Heang), or a year missing, in one commune.
        # (The same given or family name in one commune merged namesakes at 1,000,000 records.)
        block_on("name_skeleton", "commune"),
        # Up to BROAD_BLOCKING_UP_TO records, wider blocks too: the same name whatever the year
        # and province (both often missing), and typos when the year or the province agree.
        *(
            [
                block_on("name_key", "sex"),
                block_on("syllable_low", "syllable_high", "birth_year"),
                block_on("given_key", "province"),
            ]
            if count <= BROAD_BLOCKING_UP_TO
            else []
        ),
    ]


def prior_match_probability(count: int) -> float:
    """Prior probability that two random records are the same person.

    About a sixth of people are recorded by 2-4 agencies, about 0.4 matching pairs per record:
    0.4 / (n / 2) of the n(n-1)/2 pairs.
    """
    if count < 2:
        return 0.5
    return min(0.5, 0.8 / count)


def settings(count: int, focused: bool = False) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior_match_probability(count),
        comparisons=_comparisons(),
        blocking_rules_to_generate_predictions=_blocking_rules(count, focused),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


# --- Backends -------------------------------------------------------------------------------

_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("agency", pa.string()),
        ("name_key", pa.string()),
        ("name_syllables", pa.list_(pa.string())),
        ("name_skeleton", pa.string()),
        ("given_key", pa.string()),
        ("family_key", pa.string()),
        ("family_initial", pa.string()),
        ("syllable_low", pa.string()),
        ("syllable_high", pa.string()),
        ("birth_year", pa.int32()),
        ("year_bin_a", pa.int32()),
        ("year_bin_b", pa.int32()),
        ("birth_date", pa.string()),
        ("year_stated", pa.bool_()),
        ("sex", pa.string()),
        ("phone", pa.string()),
        ("document", pa.string()),
        ("province", pa.string()),
        ("district", pa.string()),
        ("commune", pa.string()),
        ("village", pa.string()),
        ("nationality", pa.string()),
    ]
)
assert tuple(_SCHEMA.names) == COLUMNS
_FOCUS = pa.field("focus", pa.bool_())  # a record of an incremental run's new records


def _duckdb_api() -> Any:
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    connection.execute("SET temp_directory = ''")  # never spill records to disk
    connection.execute("SET enable_external_access = false")
    connection.execute("SET enable_progress_bar = false")
    return DuckDBAPI(connection=connection)


def spark_session(master: str = "local[*]", memory: str = "4g", partitions: int = 8) -> Any:
    """A Spark session able to run the model: Splink's string-similarity functions on the
    class path, shuffle and spill files encrypted, no web UI. On a cluster, pass its master URL
    (or build the session the same way and give it to ``link(..., spark=...)``)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master(master)
        .appName("rumdoh-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.io.encryption.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.driver.memory", memory)
        .config("spark.checkpoint.compress", "true")
        .getOrCreate()
    )


def _spark_api(spark: Any = None) -> Any:
    from splink import SparkAPI

    return SparkAPI(spark_session=spark or spark_session(), break_lineage_method="persist")


def _register(db_api: Any, table: pa.Table, backend: str, spark: Any) -> Any:
    if backend == "spark":
        session = spark or db_api.spark
        frame = session.createDataFrame(table.to_pandas())
        return db_api.register(frame)
    return db_api.register(table)


# --- Linking --------------------------------------------------------------------------------


def _train(linker: Any, count: int, kept: dict[str, Shared] | None = None) -> bool:
    """Estimate the parameters from the records; False (priors kept) when too few or it fails.

    ``kept``: of the phone and document columns, how many pairs of records carry both a value
    and how many agree (``rules.prior``): the prior match probability is then estimated from
    them with the trained m and u, not from the rules' count (which grows with namesakes)."""
    from splink import block_on

    if count < MIN_RECORDS_TO_TRAIN:
        return False
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("name_key", "birth_year"), block_on("phone"), block_on("document")],
            recall=0.7,
        )
        prior = linker._settings_obj._probability_two_random_records_match
        linker.training.estimate_u_using_random_sampling(
            max_pairs=min(U_SAMPLE_PAIRS, count * (count - 1) / 2)
        )
    except Exception as error:  # e.g. "math domain error" on small or degenerate data
        # The type only: the engine's message may quote a record's values.
        log.warning(
            "linkage: parameters not estimated (%s); using the priors", type(error).__name__
        )
        return False
    trained = False
    # Each session estimates the comparisons its blocking rule leaves free: pairs sharing a phone
    # or a document are mostly the same person (all but the phone, the document), and so are
    # pairs sharing the name key and the birth year (the phone, the document, the rest). A
    # session without enough pairs fails alone and leaves its priors.
    for rule in (block_on("phone"), block_on("document"), block_on("name_key", "birth_year")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule,
                estimate_without_term_frequencies=True,
                max_pairs=EM_MAX_PAIRS,
            )
            trained = True
        except Exception as error:  # too few pairs, or EM diverging on small data
            log.warning(
                "linkage: an EM session failed (%s); its priors are kept", type(error).__name__
            )
    # An EM session can leave its own blocked-pairs share of matches as the global prior (0.85 on
    # FEBRL3, which joined strangers sharing only a given name): keep the estimate from the rules.
    linker._settings_obj._probability_two_random_records_match = prior
    if trained and kept:
        estimated = {name: _agreement_m(linker, name) for name in kept}
        from_kept = prior_from_shared(
            [(kept[name], m) for name, m in estimated.items() if m is not None]
        )
        if from_kept is not None:
            linker._settings_obj._probability_two_random_records_match = from_kept
    return trained and _sane(linker)


def _one_per_agency(linker: Any, trained: bool) -> bool:
    """Whether two records of one agency are a conflict for clustering: when the model, trained
    on these records, found them less often one person than two records of different agencies
    (the register, where each agency searches before recording). An outside list whose rows
    name one agency, or whose agencies repeat people, and the untrained priors, make no such
    conflict."""
    same = _agreement(linker, "agency") if trained else None
    return same is not None and same.m_probability < same.u_probability


def _agreement_m(linker: Any, column: str) -> float | None:
    """m of the exact-agreement level of one comparison, as estimated (None: not compared)."""
    same = _agreement(linker, column)
    return None if same is None else float(same.m_probability)


def _agreement(linker: Any, column: str) -> Any:
    """The exact-agreement level (the first after the null level) of one comparison, or None."""
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name == column:
            return next(lvl for lvl in comparison.comparison_levels if not lvl.is_null_level)
    return None


def _sane(linker: Any) -> bool:
    """The estimated model gives agreement more weight than disagreement in every comparison."""
    for comparison in linker._settings_obj.comparisons:
        levels = [lvl for lvl in comparison.comparison_levels if not lvl.is_null_level]
        for lvl in levels:
            m, u = lvl.m_probability, lvl.u_probability
            if m is None or u is None or not (0 < m <= 1 and 0 < u <= 1):
                return False
            if math.isnan(m) or math.isnan(u):
                return False
    return True


def prepared_columns(records: Iterable[LinkRecord]) -> dict[str, list[Any]]:
    """Every record's row as the model compares it (``rules.records.prepare``), column by
    column; each name and place folded once. A record id empty or repeated is refused."""
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    seen: set[str] = set()
    memo: dict[tuple[str, str], Any] = {}
    for record in records:
        row = prepare(record, memo)
        if not row["unique_id"] or row["unique_id"] in seen:
            raise ValueError(f"record id {row['unique_id']!r} is empty or repeated")
        seen.add(row["unique_id"])
        for name in COLUMNS:
            columns[name].append(row[name])
    return columns


def link(
    records: Iterable[LinkRecord],
    *,
    backend: str = "duckdb",
    progress: Progress | None = None,
    spark: Any = None,
    only_with: set[str] | None = None,
) -> LinkResult:
    """Cluster the records into people, and list the uncertain pairs for review.

    ``clusters`` maps every record id to a cluster id (the smallest record id of the cluster);
    ``pairs`` lists (record_id_l, record_id_r, match_probability) of the pairs in the review band
    [REVIEW_LOW, REVIEW_HIGH), and of the pairs above it whose join was refused as a conflict,
    whose records did not end up in the same cluster.

    With ``only_with`` (record ids: an incremental run's new records), the parameters are still
    estimated from every record, but only pairs with one of these records on at least one side
    are compared and clustered: the others keep what an earlier run decided.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown linkage backend {backend!r}")

    def step(name: str) -> None:
        if progress is not None:
            progress(name, STEPS.index(name) + 1, len(STEPS))

    step("prepare")
    with _without_cycle_collection():
        columns = prepared_columns(records)
        ids: list[str] = columns["unique_id"]
        if len(ids) < 2:
            return LinkResult(clusters={uid: uid for uid in ids})
        kept = {name: shared(columns[name], columns["sex"]) for name in ("phone", "document")}
        facts = [
            Facts(year, sex, province, document, district, date, stated, agency)
            for year, sex, province, document, district, date, stated, agency in zip(
                columns["birth_year"],
                columns["sex"],
                columns["province"],
                columns["document"],
                columns["district"],
                columns["birth_date"],
                columns["year_stated"],
                columns["agency"],
                strict=True,
            )
        ]

    table = pa.Table.from_pydict(columns, schema=_SCHEMA)
    del columns
    focused = only_with is not None
    if focused:
        assert only_with is not None
        table = table.append_column(_FOCUS, pa.array([uid in only_with for uid in ids]))
    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = _spark_api(spark) if backend == "spark" else _duckdb_api()
    frame = _register(db_api, table, backend, spark)
    count = table.num_rows
    del table

    from splink import Linker

    step("train")
    linker = Linker(frame, settings(count, focused), log_level=None)
    trained = _train(linker, count, kept)
    if not trained and count >= MIN_RECORDS_TO_TRAIN:
        linker = Linker(frame, settings(count, focused), log_level=None)  # back to the priors

    step("predict")
    predictions = linker.inference.predict(
        threshold_match_probability=REVIEW_LOW, warning_mode="never"
    )
    step("cluster")
    with _without_cycle_collection():
        position = {uid: index for index, uid in enumerate(ids)}
        above = [
            (position[str(left)], position[str(right)], float(probability))
            for left, right, probability in _rows(
                predictions,
                "unique_id_l, unique_id_r, match_probability",
                backend,
                db_api,
                where=f"match_probability >= {MATCH_THRESHOLD}",
            )
        ]
        clustering = cluster(
            facts,
            above,
            strong=CONFLICT_OVERRIDE,
            one_per_agency=_one_per_agency(linker, trained),
        )
        del above, facts
        first: dict[int, str] = {}
        for index, root in enumerate(clustering.roots):
            if root not in first or ids[index] < first[root]:
                first[root] = ids[index]
        clusters = {uid: first[root] for uid, root in zip(ids, clustering.roots, strict=True)}

    step("collect")
    pairs = [
        (str(left), str(right), float(probability))
        for left, right, probability in _rows(
            predictions,
            "unique_id_l, unique_id_r, match_probability",
            backend,
            db_api,
            where=f"match_probability < {REVIEW_HIGH}",
        )
        if clusters[str(left)] != clusters[str(right)]
    ]
    pairs += [
        (ids[left], ids[right], probability)
        for left, right, probability in clustering.refused
        if clusters[ids[left]] != clusters[ids[right]]
    ]
    pairs.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
    return LinkResult(clusters=clusters, pairs=pairs, trained=trained)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while millions of rows or pairs are built.

    They make no reference cycles, but every allocation counts towards the collector, which
    then walks the whole heap again and again: at 1,000,000 records it took 15 of the 32 s spent
    preparing them. Switched back on afterwards (if it was on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _rows(
    frame: Any, columns: str, backend: str, db_api: Any, where: str = ""
) -> list[tuple[Any, ...]]:
    sql = f"SELECT {columns} FROM {frame.physical_name}"  # noqa: S608 - names from Splink
    if where:
        sql += f" WHERE {where}"
    if backend == "spark":
        return [tuple(row) for row in db_api.spark.sql(sql).collect()]
    return db_api._con.execute(sql).fetchall()

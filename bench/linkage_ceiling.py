"""What any model could reach on the synthetic register with the linkage model's comparisons.

    .venv/bin/python bench/linkage_ceiling.py                 # 30,000 records
    .venv/bin/python bench/linkage_ceiling.py 100000 1000000  # larger sizes, one after the other

``bench/linkage.py`` measures the model; this measures the data. For each size it generates the
records (``rumdoh.linkage.synthetic``, seeded), trains the model as ``engine.link`` does, compares
every pair the blocking rules bring together, and prints, with the true person of every record:

- how many people share their full name with another person, and name, sex and birth year
  (what makes pairs hard to tell apart);
- blocking recall: the share of true pairs that are compared at all;
- the model's pairwise precision, recall and F1 at the match threshold, before clustering;
- the ceiling: each pair's comparison vector (the level of every comparison, and the name's
  frequency band: a common name agrees more often by chance) labelled by the majority of the true
  pairs that have it. No classifier of these vectors does better pairwise on these records; it is
  measured on the labels it is fitted to, so it is an upper bound, not a model.

Clustering joins pairs through third records, so the clustered F1 of ``bench/linkage.py`` can sit
a little above the model's pairwise figure; far above the ceiling it cannot. When the target F1 is
above the ceiling, no threshold, prior or training will reach it: the records do not carry enough
to tell the people apart.

Above 300,000 records only the pairs scored 0.01 or more are kept (all of them do not fit in
memory): the others count as not compared, so blocking recall and ceiling are then those of the
kept pairs (the ceiling slightly understated: a pattern's true pairs under 0.01 are left out).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Above this many records, pairs scored below this are not kept.
FLOOR_ABOVE = 300_000
FLOOR = 0.01
GAMMAS = ("name", "birth", "sex", "phone", "document", "province", "home", "nationality")


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def namesakes(columns: dict[str, list[Any]], truth: dict[str, int]) -> tuple[float, float]:
    """Share of people whose usual name (their most frequent folded name key) another person
    has too, and who share it together with sex and birth year."""
    keys: dict[int, Counter[tuple[str, str, int | None]]] = defaultdict(Counter)
    for uid, name, sex, year in zip(
        columns["unique_id"],
        columns["name_key"],
        columns["sex"],
        columns["birth_year"],
        strict=True,
    ):
        keys[truth[uid]][(name, sex, year)] += 1
    usual = {person: counted.most_common(1)[0][0] for person, counted in keys.items()}
    by_name = Counter(name for name, _, _ in usual.values())
    by_all = Counter(usual.values())
    people = len(usual)
    return (
        sum(1 for name, _, _ in usual.values() if by_name[name] > 1) / people,
        sum(1 for key in usual.values() if by_all[key] > 1) / people,
    )


def measure(size: int, seed: int) -> dict[str, float]:
    import pyarrow as pa
    from splink import Linker

    from rumdoh.linkage import engine
    from rumdoh.linkage.rules.bands import MATCH_THRESHOLD
    from rumdoh.linkage.rules.prior import shared
    from rumdoh.linkage.synthetic import generate

    records, truth = generate(size, seed=seed)
    start = time.perf_counter()
    columns = engine.prepared_columns(records)
    same_name, same_name_sex_year = namesakes(columns, truth)
    kept = {name: shared(columns[name], columns["sex"]) for name in ("phone", "document")}
    # The engine's own pieces, so that the model measured is the one engine.link runs.
    db_api = engine._duckdb_api()
    frame = db_api.register(pa.Table.from_pydict(columns, schema=engine._SCHEMA))
    connection = db_api._con
    connection.register("truth", pa.table({"uid": list(truth), "person": list(truth.values())}))
    settings = engine.settings(size)
    settings.retain_intermediate_calculation_columns = True
    settings.retain_matching_columns = True
    linker = Linker(frame, settings, log_level=None)
    trained = engine._train(linker, size, kept)
    floor = FLOOR if size > FLOOR_ABOVE else None
    predictions = linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
    gammas = ", ".join(f"p.gamma_{name}" for name in GAMMAS)
    # The name's frequency band: log2 of how many records carry the rarer of the two names.
    band = f"coalesce(floor(log2(least(p.tf_name_key_l, p.tf_name_key_r) * {size} + 1)), -1)"
    connection.execute(
        f"CREATE TABLE labelled AS SELECT p.match_probability AS probability, {gammas}, "  # noqa: S608
        f"{band} AS band, a.person = b.person AS same "
        f"FROM {predictions.physical_name} p "
        "JOIN truth a ON a.uid = p.unique_id_l JOIN truth b ON b.uid = p.unique_id_r"
    )
    true_pairs = sum(count * (count - 1) // 2 for count in Counter(truth.values()).values())
    compared, compared_true = connection.execute(
        "SELECT count(*), count(*) FILTER (WHERE same) FROM labelled"
    ).fetchone()
    tp, fp = connection.execute(
        "SELECT count(*) FILTER (WHERE same), count(*) FILTER (WHERE NOT same) FROM labelled "
        "WHERE probability >= ?",
        [MATCH_THRESHOLD],
    ).fetchone()
    pattern = ", ".join(f"gamma_{name}" for name in GAMMAS) + ", band"
    ceiling_tp, ceiling_fp, patterns = connection.execute(
        "SELECT sum(CASE WHEN yes > no THEN yes ELSE 0 END), "  # noqa: S608 - our column names
        "sum(CASE WHEN yes > no THEN no ELSE 0 END), count(*) FROM ("
        "SELECT count(*) FILTER (WHERE same) AS yes, count(*) FILTER (WHERE NOT same) AS no "
        f"FROM labelled GROUP BY {pattern})"
    ).fetchone()
    model = _f1(tp, fp, true_pairs - tp)
    ceiling = _f1(int(ceiling_tp), int(ceiling_fp), true_pairs - int(ceiling_tp))
    return {
        "size": size,
        "people": len(set(truth.values())),
        "same_name": same_name,
        "same_name_sex_year": same_name_sex_year,
        "trained": trained,
        "compared": compared,
        "true_pairs": true_pairs,
        "blocking_recall": compared_true / true_pairs,
        "floor": floor or 0.0,
        "model_precision": model[0],
        "model_recall": model[1],
        "model_f1": model[2],
        "patterns": patterns,
        "ceiling_precision": ceiling[0],
        "ceiling_recall": ceiling[1],
        "ceiling_f1": ceiling[2],
        "seconds": time.perf_counter() - start,
        "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[30_000])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size in-process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return 0
    print(
        "| records | people sharing name | name, sex, year | blocking recall "
        "| model P / R / F1 (pairwise) | ceiling P / R / F1 | seconds |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        m = json.loads(out.splitlines()[-1])
        floor = f" (pairs >= {m['floor']})" if m["floor"] else ""
        print(
            f"| {size:,} | {m['same_name']:.0%} | {m['same_name_sex_year']:.0%} "
            f"| {m['blocking_recall']:.4f}{floor} "
            f"| {m['model_precision']:.4f} / {m['model_recall']:.4f} / {m['model_f1']:.4f} "
            f"| {m['ceiling_precision']:.4f} / {m['ceiling_recall']:.4f} / "
            f"{m['ceiling_f1']:.4f} | {m['seconds']:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

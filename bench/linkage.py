"""Record linkage benchmark: synthetic Cambodian records with realistic variation.

    .venv/bin/python bench/linkage.py                 # 30,000 records
    .venv/bin/python bench/linkage.py 100000 1000000  # larger sizes, one after the other
    .venv/bin/python bench/linkage.py 30000 --backend spark

For each size, generates the records (``rumdoh.linkage.synthetic``, seeded: syllable spellings,
joined/split names, order swaps, estimated years, typos, missing fields, Khmer-only records, 15%
of people recorded by 2-4 agencies), links them (``rumdoh.linkage.engine.link``) in a fresh
process, and prints pairwise precision, recall and F1, the error of the number of people counted,
the review-band pairs, the linking time (generation excluded) and the peak memory of the process.

Targets: F1 >= 0.95 and count error <= 1%; 1,000,000 records in <= 120 s at <= 8 GB.
``--strict`` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_F1 = 0.95
TARGET_COUNT_ERROR = 0.01
TARGET_SECONDS_1M = 120.0
TARGET_GB = 8.0


def measure(size: int, backend: str, seed: int) -> dict[str, float]:
    from rumdoh.linkage.engine import link
    from rumdoh.linkage.rules.quality import quality
    from rumdoh.linkage.synthetic import generate

    records, truth = generate(size, seed=seed)
    start = time.perf_counter()
    result = link(records, backend=backend)
    seconds = time.perf_counter() - start
    q = quality(result.clusters, truth)
    return {
        "size": size,
        "precision": q.precision,
        "recall": q.recall,
        "f1": q.f1,
        "true_people": q.true_people,
        "found_people": q.found_people,
        "count_error": q.count_error,
        "review_pairs": len(result.pairs),
        "trained": result.trained,
        "seconds": seconds,
        "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[30_000])
    parser.add_argument("--backend", default="duckdb", choices=["duckdb", "spark"])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size in-process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.backend, args.seed)))
        return 0
    missed = False
    print(
        "| records | precision | recall | F1 | people | found | count error | review pairs "
        "| seconds | peak GB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        out = (
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--one",
                    str(size),
                    "--backend",
                    args.backend,
                    "--seed",
                    str(args.seed),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        m = json.loads(out)
        print(
            f"| {size:,} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} "
            f"| {m['true_people']:,} | {m['found_people']:,} | {m['count_error']:.2%} "
            f"| {m['review_pairs']:,} | {m['seconds']:.1f} | {m['peak_gb']:.2f} |",
            flush=True,
        )
        missed |= m["f1"] < TARGET_F1 or m["count_error"] > TARGET_COUNT_ERROR
        if size >= 1_000_000:
            missed |= m["seconds"] > TARGET_SECONDS_1M or m["peak_gb"] > TARGET_GB
    print(
        f"targets: F1 >= {TARGET_F1}, count error <= {TARGET_COUNT_ERROR:.0%}, "
        f"1,000,000 records in <= {TARGET_SECONDS_1M:.0f} s at <= {TARGET_GB:.0f} GB: "
        + ("missed" if missed else "met")
    )
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())

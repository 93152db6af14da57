"""Running a later stage over the persons in windows of ids, in one process or several."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable

from django.db import connections
from django.db.models import Max, Min

from rumdoh.demo.context import Context
from rumdoh.demo.writer import Progress
from rumdoh.people.models import Person

Window = tuple[int, int, int]  # batch number, first id, last id
Work = Callable[[Context, Window], Counter[str]]

_WORKER: tuple[Context, Work] | None = None


def windows(ctx: Context, id_range: tuple[int, int] | None) -> list[Window]:
    """Id windows of ``ctx.batch_size`` over ``id_range``, or over every person."""
    if id_range is None:
        bounds = Person.objects.aggregate(lo=Min("id"), hi=Max("id"))
        if bounds["lo"] is None:
            return []
        id_range = (bounds["lo"], bounds["hi"])
    lo, hi = id_range
    step = ctx.batch_size
    return [
        (n, start, min(start + step - 1, hi)) for n, start in enumerate(range(lo, hi + 1, step))
    ]


def _init() -> None:
    assert _WORKER is not None
    _WORKER[0].writer.prepare_session()


def _call(window: Window) -> tuple[int, Counter[str]]:
    assert _WORKER is not None
    ctx, work = _WORKER
    return window[2] - window[1] + 1, work(ctx, window)


def run(ctx: Context, label: str, id_range: tuple[int, int] | None, work: Work) -> Counter[str]:
    """Apply ``work`` to every window; print progress; return the summed counts."""
    global _WORKER
    todo = windows(ctx, id_range)
    total: Counter[str] = Counter()
    if not todo:
        return total
    span = todo[-1][2] - todo[0][1] + 1
    progress = Progress(label, span, ctx.out)
    ctx.writer.prepare_session()
    if ctx.workers <= 1 or len(todo) == 1:
        for window in todo:
            total.update(work(ctx, window))
            progress.advance(window[2] - window[1] + 1)
    else:
        connections.close_all()
        _WORKER = (ctx, work)
        with multiprocessing.get_context("fork").Pool(ctx.workers, initializer=_init) as pool:
            for size, counts in pool.imap(_call, todo):
                total.update(counts)
                progress.advance(size)
        _WORKER = None
    seconds = progress.finish()
    detail = ", ".join(f"{v:,} {k}" for k, v in sorted(total.items()))
    ctx.out.write(f"  {label}: {detail} in {seconds:,.1f}s\n")
    return total

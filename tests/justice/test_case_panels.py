"""The criminal case page's panel registry: apps above justice add panels without justice
importing them; a panel with nothing for this reader is left out."""

from rumdoh.justice import panels


def test_registered_panels_are_collected_in_order_and_empty_ones_left_out():
    def shown(user, case, request):  # type: ignore[no-untyped-def]
        return {"template": "x.html", "case": case}

    def nothing(user, case, request):  # type: ignore[no-untyped-def]
        return None

    before = list(panels._PANELS)
    panels._PANELS.clear()  # the labour panel needs a real reader; this tests the registry alone
    try:
        panels.register(shown)
        panels.register(nothing)
        panels.register(shown)  # once only
        found = panels.collect(None, "the case", None)  # type: ignore[arg-type]
        assert found == [{"template": "x.html", "case": "the case"}]
        assert panels._PANELS.count(shown) == 1
    finally:
        panels._PANELS[:] = before

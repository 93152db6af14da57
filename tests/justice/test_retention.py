"""Ten years after a case became final its personal data goes; what the statistics count stays."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.core.errors import Refused
from rumdoh.justice import court, orders, retention, services
from rumdoh.justice.models import Charge, CriminalCase, Suspect, SuspectKey, Verdict, Warrant
from tests.conftest import login
from tests.justice.scenario import everything

LONG_AGO = timezone.localdate() - timedelta(days=365 * 10 + 10)


def _final(jw, e):
    services.change_stage(jw.clerk, e.case, "verdict")
    services.change_stage(jw.clerk, e.case, "final", closure="judgment_final")
    CriminalCase.objects.filter(pk=e.case.pk).update(stage_since=LONG_AGO)


def _run(*args):
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_case_is_kept_while_compensation_is_unpaid_then_erased(jw):
    e = everything(jw)
    _final(jw, e)
    assert "0 case(s) due" in _run() and "1 with compensation unpaid" in _run()
    orders.record_payment(
        jw.clerk, e.order, paid_on=timezone.localdate(), amount_riel=8_000_000, method="cash"
    )
    said = _run()
    assert "1 case(s) due" in said and "Nothing erased" in said
    assert Suspect.objects.get(pk=e.suspect.pk).family_name == "Lim"  # a review erases nothing

    charges = Charge.objects.filter(case=e.case).count()
    said = _run("--apply")
    assert "Erased the personal data of 1 case(s)." in said
    case = CriminalCase.objects.get(pk=e.case.pk)
    assert case.personal_data_erased_on == timezone.localdate()
    assert (case.summary, case.court_notes) == ("", "")
    suspect = Suspect.objects.get(pk=e.suspect.pk)
    assert (suspect.family_name, suspect.given_name, suspect.aliases, suspect.handles) == (
        "",
        "",
        [],
        [],
    )
    assert not SuspectKey.objects.filter(suspect=suspect).exists()
    assert Warrant.objects.get(pk=e.warrant.pk).issued_by == ""
    assert "Chea" not in (_raw("justice_warrant", "issued_by", e.warrant.pk) or "")
    # What the statistics count is still there.
    assert (suspect.sex, suspect.nationality, suspect.role) == ("male", "KH", "recruiter")
    assert Charge.objects.filter(case=case).count() == charges == 2  # recommended, charged
    assert Verdict.objects.get(pk=e.verdict.pk).prison_months == 96
    assert case.stage == "final" and case.exploitation_types == ["forced_criminality"]
    assert AuditEvent.objects.filter(
        action="criminal_case.personal_data_erased", object_id=str(case.pk)
    ).exists()
    page = login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "erased on" in page and "Lim Vuthy" not in page
    assert "0 case(s) due" in _run("--apply")  # once only
    with pytest.raises(Refused, match="erased"):
        services.update_case(jw.clerk, case, {"court_notes": "new"}, expected_version=case.version)


def test_a_case_with_an_absconder_still_sought_is_kept(jw):
    case, suspect, charge = jw.at_trial()
    court.record_verdict(
        jw.clerk,
        case,
        charge,
        outcome="convicted_in_absentia",
        decided_on=timezone.localdate(),
        prison_months=120,
    )
    services.change_stage(jw.clerk, case, "verdict")
    services.change_stage(jw.clerk, case, "final", closure="judgment_final")
    CriminalCase.objects.filter(pk=case.pk).update(stage_since=LONG_AGO)
    assert "1 with a defendant convicted in absentia still sought" in _run("--apply")
    assert Suspect.objects.get(pk=suspect.pk).family_name == "Lim"


def test_recent_and_open_cases_are_never_due(jw):
    e = everything(jw)
    assert not retention.due(timezone.localdate()).exists()  # open
    services.change_stage(jw.clerk, e.case, "verdict")
    services.change_stage(jw.clerk, e.case, "final", closure="judgment_final")
    orders.record_payment(
        jw.clerk, e.order, paid_on=timezone.localdate(), amount_riel=8_000_000, method="cash"
    )
    assert not retention.due(timezone.localdate()).exists()  # final today
    later = timezone.localdate() + timedelta(days=365 * 10 + 3)
    assert list(retention.due(later)) == [CriminalCase.objects.get(pk=e.case.pk)]


def test_the_as_of_date_is_checked():
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        _run("--as-of", "yesterday")


def test_every_sealed_field_of_the_justice_models_is_covered():
    from django.apps import apps

    covered = {model for model, _path in retention.SEALED_ROWS}
    sealed = {m for m in apps.get_app_config("justice").get_models() if retention.sealed_fields(m)}
    assert sealed == covered

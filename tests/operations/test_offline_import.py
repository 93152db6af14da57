"""Screenings filled in offline, imported on the operation page end to end: the short form is
downloaded and converted with pyxform, interviews are exported as ODK Central exports them (CSV
and the OData JSON feed), then checked, imported, imported again, and a bad export refused."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from defusedxml import ElementTree as ET
from django.test import Client
from django.urls import reverse
from pyxform.xls2xform import convert

from rumdoh.operations.models import RosterEntry
from rumdoh.people.access import can_see
from rumdoh.people.models import Person
from rumdoh.screening.models import (
    CheckedFile,
    FieldSubmission,
    ScreeningRecord,
    SubmissionImport,
)
from tests.conftest import login
from tests.operations.helpers import Raid, roster_rows

XF = "{http://www.w3.org/2002/xforms}"
# The columns ODK Central adds after the form's own fields in a CSV export.
CENTRAL_TAIL = [
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]
NO = dict.fromkeys(
    [
        "q_recruited",
        "q_transported",
        "q_received",
        "q_lied_to",
        "q_threatened",
        "q_forced",
        "q_confined",
        "q_documents",
        "q_advantage",
        "q_money",
        "q_forced_work",
        "q_sex",
        "q_crime",
        "q_other_exploitation",
    ],
    "no",
)
# Four interviews at the compound, and what the decision rule makes of each.
INTERVIEWS: list[tuple[str, dict[str, Any], str]] = [
    (
        "6b1d0c52-1f4e-4f0a-9c61-0a1b2c3d4e01",
        {"family_name": "Zhang", "given_name": "Wei", "sex": "male", "age": 24, "nationality": "CN"}
        | NO
        | {"q_recruited": "yes", "q_lied_to": "yes", "q_threatened": "yes", "q_crime": "yes"},
        "trafficking-indicated",  # recruited by deceit and threats to commit crimes
    ),
    (
        "6b1d0c52-1f4e-4f0a-9c61-0a1b2c3d4e02",
        {"family_name": "Tran", "given_name": "Thi Hoa", "sex": "female", "age": 31}
        | {"age_estimated": "yes", "nationality": "VN"}
        | NO,
        "not-indicated",
    ),
    (
        "6b1d0c52-1f4e-4f0a-9c61-0a1b2c3d4e03",
        {"given_name": "Ploy", "sex": "female", "age": 16, "nationality": "TH"}
        | NO
        | {"q_recruited": "yes", "q_transported": "yes", "q_sex": "yes"},
        "trafficking-indicated",  # a child: no means needed
    ),
    (
        "6b1d0c52-1f4e-4f0a-9c61-0a1b2c3d4e04",
        {"family_name": "Santoso", "given_name": "Budi", "sex": "male", "nationality": "ID"}
        | NO
        | {"q_recruited": "yes", "q_lied_to": "unknown", "q_money": "unknown"},
        "further-assessment",  # answers not known, age not known
    ),
]
EXPECTED = {instance: result for instance, _answers, result in INTERVIEWS}


@pytest.fixture
def raid(db: None) -> Raid:
    raid = Raid()
    raid.import_rows(roster_rows(2))  # people already on the roster stay as they are
    return raid


# --- the form, as the field tablets get it --------------------------------------------------


class Form:
    """The short form as downloaded from the page and converted by pyxform to the XForm ODK
    Collect runs: its id, version and the fields of its primary instance, in order."""

    def __init__(self, client: Client) -> None:
        response = client.get(reverse("screening:field_download", args=["short"]))
        assert response.status_code == 200
        warnings: list[str] = []
        xform = convert(response.content, warnings=warnings, file_type=".xlsx").xform
        assert warnings == []
        data = ET.fromstring(xform).find(f".//{XF}instance")[0]
        self.form_id, self.version = data.get("id"), data.get("version")
        self.fields = list(_leaves(data, ()))  # path of groups and field name

    def value(self, name: str, answers: dict[str, Any], at: str) -> Any:
        """The value a completed interview holds in field ``name``; None when left empty."""
        fixed = {"form_kind": "short", "catalogue_version": self.version.split("-")[0]}
        fixed |= {"start": f"{at}T09:10:05.000+07:00", "end": f"{at}T09:31:41.000+07:00"}
        fixed |= {"context": "raid", "province": "18", "location": "Compound on Road 4"}
        value = answers.get(name, fixed.get(name))
        return None if value in (None, "") else value


def _leaves(element: Any, groups: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for child in element:
        name = child.tag.removeprefix(XF)
        if len(child):
            yield from _leaves(child, (*groups, name))
        else:
            yield (*groups, name)


# --- the export, as ODK Central writes it ---------------------------------------------------


def central_csv(form: Form, interviews: list[tuple[str, dict[str, Any], str]]) -> bytes:
    """The CSV export: ``SubmissionDate`` first, the form's fields with their groups joined by
    ``-`` (``meta-instanceID`` the last of them), then Central's own columns."""
    header = ["SubmissionDate", *("-".join(path) for path in form.fields), *CENTRAL_TAIL]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for number, (instance, answers, _result) in enumerate(interviews, start=1):
        at = f"2026-11-2{number}"
        answers = {**answers, "instanceID": f"uuid:{instance}"}
        values = [form.value(path[-1], answers, at) for path in form.fields]
        system = [f"uuid:{instance}", "7", "tablet-2", "0", "0", "", "", "collect:T2", "0"]
        cells = ["" if v is None else v for v in values]
        writer.writerow([f"{at}T05:02:10.482Z", *cells, *system, form.version])
    return out.getvalue().encode()


def central_json(form: Form, interviews: list[tuple[str, dict[str, Any], str]]) -> bytes:
    """The OData feed (``Submissions``): groups as nested objects, numbers as numbers, empty
    fields as null, ``__id`` and ``__system``."""
    entries = []
    for number, (instance, answers, _result) in enumerate(interviews, start=1):
        at = f"2026-11-2{number}"
        answers = {**answers, "instanceID": f"uuid:{instance}"}
        entry: dict[str, Any] = {"__id": f"uuid:{instance}"}
        for path in form.fields:
            node = entry
            for group in path[:-1]:
                node = node.setdefault(group, {})
            node[path[-1]] = form.value(path[-1], answers, at)
        entry["__system"] = {
            "submissionDate": f"{at}T05:02:10.482Z",
            "updatedAt": None,
            "submitterId": "7",
            "submitterName": "tablet-2",
            "attachmentsPresent": 0,
            "attachmentsExpected": 0,
            "status": None,
            "reviewState": None,
            "deviceId": "collect:T2",
            "edits": 0,
            "formVersion": form.version,
        }
        entries.append(entry)
    context = f"https://central.example.org/v1/projects/3/forms/{form.form_id}.svc/$metadata"
    feed = {"@odata.context": f"{context}#Submissions", "value": entries}
    return json.dumps(feed, ensure_ascii=False, indent=2).encode()


EXPORTS: dict[str, tuple[Callable[[Form, Any], bytes], str, str]] = {
    "csv": (central_csv, "rumdoh_screening_short.csv", "-"),
    "json": (central_json, "Submissions.json", "/"),
}


def post(client: Client, raid: Raid, name: str, content: bytes, check_only: bool = False) -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    data: dict[str, Any] = {"file": upload}
    if check_only:
        data["check_only"] = "on"
    url = reverse("operations:offline_import", args=[raid.operation.pk])
    return client.post(url, data)


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def imported() -> dict[str, str]:
    return {
        f.instance_id: f.screening.determination
        for f in FieldSubmission.objects.select_related("screening")
    }


# --- the tests ------------------------------------------------------------------------------


def test_the_generated_form_has_the_fields_an_export_names(raid: Raid) -> None:
    form = Form(login(raid.screener))
    assert form.form_id == "rumdoh_screening_short"
    names = {path[-1] for path in form.fields}
    assert {"start", "form_kind", "sex", "age", "nationality", "instanceID"} <= names
    assert set(NO) <= names
    header = next(csv.reader(io.StringIO(central_csv(form, INTERVIEWS[:1]).decode())))
    assert header[0] == "SubmissionDate"
    assert header[header.index("meta-instanceID") + 1 :] == CENTRAL_TAIL
    assert "indicators-treatment-q_lied_to" in header and "person-age" in header


@pytest.mark.parametrize("shape", EXPORTS)
def test_check_then_import_then_import_again_on_the_operation_page(raid: Raid, shape: str) -> None:
    build, name, _separator = EXPORTS[shape]
    client = login(raid.screener)
    content = build(Form(client), INTERVIEWS)
    roster_before = {(e.pk, e.person_id) for e in raid.operation.roster.all()}

    checked = post(client, raid, name, content, check_only=True)
    assert checked.status_code == 200
    text = page(checked)
    assert "The file can be imported" in text
    assert "4 submissions: 4 new, 0 already imported. Nothing has been saved yet." in text
    for instance in EXPECTED:
        assert instance in text
    assert not ScreeningRecord.objects.exists() and not SubmissionImport.objects.exists()
    assert raid.operation.roster.count() == 2

    saved = post(client, raid, name, content)
    assert saved.status_code == 302
    assert saved.url == reverse("operations:detail", args=[raid.operation.pk])
    assert imported() == EXPECTED
    record = SubmissionImport.objects.get()
    assert (record.reference, record.context, record.created) == (
        raid.operation.reference,
        "raid",
        4,
    )
    assert record.source == f"odk-central-{shape}"
    detail = page(client.get(saved.url))
    assert f"Import {record.reference_code} saved: 4 new screenings, 0 already imported." in detail
    # Each person screened is on the roster with the screening, and the operation's agencies
    # see them; the people on the roster before are as they were.
    new = raid.operation.roster.exclude(pk__in=[pk for pk, _p in roster_before])
    assert new.count() == 4
    for entry in new.select_related("screening", "person"):
        assert entry.screening is not None and entry.screening.person_id == entry.person_id
        assert entry.screening.context == "raid" and entry.screening.province == "18"
        assert (
            entry.screening.determination == EXPECTED[entry.screening.field_submission.instance_id]
        )
        assert can_see(raid.officer, entry.person_id)
        assert not can_see(raid.outsider, entry.person_id)
    zhang = FieldSubmission.objects.get(instance_id=INTERVIEWS[0][0]).screening.person
    assert (zhang.family_name, zhang.given_name, zhang.nationality) == ("Zhang", "Wei", "CN")
    assert zhang.birth_year == 2002  # aged 24 when interviewed in 2026
    assert {(e.pk, e.person_id) for e in raid.operation.roster.filter(row__isnull=False)} == (
        roster_before
    )
    assert not RosterEntry.objects.filter(row__isnull=False, screening__isnull=False).exists()

    again = post(client, raid, name, content)
    assert again.status_code == 302
    latest = SubmissionImport.objects.latest("pk")
    assert (latest.created, latest.skipped) == (0, 4)
    message = f"Import {latest.reference_code} saved: 0 new screenings, 4 already imported."
    assert message in page(client.get(again.url))
    assert ScreeningRecord.objects.count() == 4 and raid.operation.roster.count() == 6


@pytest.mark.parametrize("shape", EXPORTS)
def test_a_bad_export_is_refused_whole_naming_each_submission_and_field(
    raid: Raid, shape: str
) -> None:
    build, name, separator = EXPORTS[shape]
    client = login(raid.screener)
    bad = [list(interview) for interview in INTERVIEWS]
    bad[1][1] = {**bad[1][1], "q_lied_to": "perhaps"}
    bad[2][1] = {**bad[2][1], "sex": ""}
    bad[3][1] = {**bad[3][1], "age": "twenty"}
    content = build(Form(client), [tuple(interview) for interview in bad])
    persons_before = Person.objects.count()

    response = post(client, raid, name, content)
    assert response.status_code == 200
    text = page(response)
    assert "Nothing was saved" in text
    assert "The file has 3 problems." in text
    rows = response.context["report"].errors
    assert [(e["position"], e["instance_id"], e["field"], e["problem"]) for e in rows] == [
        (
            2,
            INTERVIEWS[1][0],
            separator.join(["indicators", "treatment", "q_lied_to"]),
            "invalid-choice",
        ),
        (3, INTERVIEWS[2][0], separator.join(["person", "sex"]), "required"),
        (4, INTERVIEWS[3][0], separator.join(["person", "age"]), "invalid-age"),
    ]
    assert "“perhaps” is not one of the choices of this field." in text
    assert "This field must be answered." in text
    for error in rows:  # the table names each submission's instance ID and field
        assert f"<code>{error['instance_id']}</code>" in text
        assert f"<code>{error['field']}</code>" in text
    assert "“twenty” is not an age in whole years from 0 to" in text
    # Nothing of the file is kept, not even its good first submission.
    assert not ScreeningRecord.objects.exists()
    assert not SubmissionImport.objects.exists() and not FieldSubmission.objects.exists()
    assert Person.objects.count() == persons_before
    assert raid.operation.roster.count() == 2


def test_an_outsider_cannot_import_into_the_operation(raid: Raid) -> None:
    client = login(raid.outsider)
    content = central_csv(Form(client), INTERVIEWS)
    assert post(client, raid, "export.csv", content).status_code == 404
    assert not ScreeningRecord.objects.exists()


def test_submissions_imported_on_the_field_page_join_the_roster_without_a_second_record(
    raid: Raid,
) -> None:
    client = login(raid.screener)
    form = Form(client)
    # Two interviews imported first on the field forms page, one more by another agency.
    first = client.post(
        reverse("screening:field_upload"),
        {"file": io.BytesIO(central_csv(form, INTERVIEWS[:2])), "reference": ""},
    )
    assert first.status_code == 302
    elsewhere = login(raid.outsider)
    upload = io.BytesIO(central_csv(form, INTERVIEWS[2:3]))
    assert elsewhere.post(reverse("screening:field_upload"), {"file": upload}).status_code == 302
    zhang = FieldSubmission.objects.get(instance_id=INTERVIEWS[0][0]).screening
    tran = FieldSubmission.objects.get(instance_id=INTERVIEWS[1][0]).screening
    # Tran was already put on the roster by hand, not screened there.
    RosterEntry.objects.create(operation=raid.operation, person=tran.person, added_by=raid.officer)
    persons, screenings = Person.objects.count(), ScreeningRecord.objects.count()
    content = central_csv(form, INTERVIEWS)

    checked = page(post(client, raid, "export.csv", content, check_only=True))
    assert "4 submissions: 1 new, 3 already imported." in checked
    assert checked.count("Imported before: joins the roster with the screening recorded then.") == 1
    assert "Imported before: already on the roster." in checked
    assert "Imported before by another agency whose records you do not see" in checked
    assert "New: joins the roster with this screening." in checked

    saved = post(client, raid, "export.csv", content)
    assert saved.status_code == 302
    detail = page(client.get(saved.url))
    assert (
        "Of the submissions imported before, 1 joined the roster with the screening recorded "
        "then, 1 were on it already and 1 were not added" in detail
    )
    # One new person and screening (Santoso); Zhang and Tran are on the roster once each, with
    # the screening recorded before; the other agency's record is not drawn in.
    assert Person.objects.count() == persons + 1
    assert ScreeningRecord.objects.count() == screenings + 1
    roster = {e.person_id: e.screening_id for e in raid.operation.roster.filter(row__isnull=True)}
    assert roster[zhang.person_id] == zhang.pk and roster[tran.person_id] == tran.pk
    assert len(roster) == 3
    ploy = FieldSubmission.objects.get(instance_id=INTERVIEWS[2][0]).screening
    assert ploy.person_id not in roster
    assert can_see(raid.officer, zhang.person_id)


def test_a_checked_file_is_kept_sealed_for_its_owner_to_import_without_choosing_it_again(
    raid: Raid,
) -> None:
    client = login(raid.screener)
    content = central_csv(Form(client), INTERVIEWS)
    checked = post(client, raid, "export.csv", content, check_only=True)
    kept = CheckedFile.objects.get()
    assert content not in bytes(kept.content) and b"Zhang" not in bytes(kept.content)
    assert "The checked file export.csv is kept, sealed, for 30 minutes" in page(checked)
    assert checked.context["form"]["checked"].value() == kept.pk
    url = reverse("operations:offline_import", args=[raid.operation.pk])
    # Nobody else opens it, not even a colleague of the same operation.
    other = login(raid.identifier)
    refused = page(other.post(url, {"checked": kept.pk}))
    assert "The checked file is no longer kept" in refused
    assert not ScreeningRecord.objects.exists()

    saved = client.post(url, {"checked": kept.pk})
    assert saved.status_code == 302
    assert imported() == EXPECTED and SubmissionImport.objects.get().file_name == "export.csv"
    assert not CheckedFile.objects.exists()  # taken for the import, then gone
    again = page(client.post(url, {"checked": kept.pk}))
    assert "The checked file is no longer kept" in again

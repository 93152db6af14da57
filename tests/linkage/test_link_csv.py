"""manage.py link_csv: the output file, errors by row and column, nothing half-written."""

import csv

import pytest
from django.core.management import CommandError, call_command

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from tests.conftest import make_agency, make_person, make_user

HEADER = (
    "record_id,agency,given_name,family_name,sex,birth_year,birth_date,province,phone,"
    "nationality,notes\n"
)


def write(path, rows):
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_the_backend_option_overrides_the_setting(tmp_path, settings, monkeypatch):
    from rumdoh.linkage.management.commands import link_csv

    asked = []

    def spy(records, **options):
        asked.append(options["backend"])
        return linking(records, **options)

    linking = link_csv.link
    monkeypatch.setattr(link_csv, "link", spy)
    settings.RUMDOH_LINKAGE_BACKEND = "spark"
    source = write(tmp_path / "in.csv", ["d1,NGO-A,Dara,Sok,M,1980,,,,KH,"])
    call_command("link_csv", str(source), "--out", str(tmp_path / "out.csv"), "--backend", "duckdb")
    assert asked == ["duckdb"]
    assert read(tmp_path / "out.csv") == [["record_id", "cluster_id"], ["d1", "C1"]]
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("link_csv", str(source), "--out", str(tmp_path / "x.csv"), "--backend", "x")


def test_output_has_one_row_per_record_and_clusters_people(tmp_path):
    source = write(
        tmp_path / "in.csv",
        [
            "d1,NGO-A,Srey Mom,Chan,F,1995,,Battambang,012 345 678,KH,first",
            "d2,police,Sreymom,Chann,female,1995,1995-03-02,Battambang,,KH,",
            "d3,police,Dara,Sok,M,1980,,,,KH,",
            "d4,NGO-B,ស្រីមុំ,ចាន់,,1995,,battambang,012345678,,",
        ],
    )
    out = tmp_path / "out.csv"
    call_command("link_csv", str(source), "--out", str(out))
    rows = read(out)
    assert rows[0] == ["record_id", "cluster_id"]
    clusters = dict(rows[1:])
    assert list(clusters) == ["d1", "d2", "d3", "d4"]
    assert clusters["d1"] == clusters["d2"] == clusters["d4"] != clusters["d3"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x1,,Sok,Chan,X,1990,,,,KH,", "row 3, column sex"),
        ("x1,,Sok,Chan,F,19x0,,,,KH,", "row 3, column birth_year"),
        ("x1,,Sok,Chan,F,1990,1990-02-30,,,KH,", "row 3, column birth_date"),
        # Written as asked, but no such day: saying "not written YYYY-MM-DD" sent people to
        # look for a typing error in the format.
        ("x1,,Sok,Chan,F,,2023-02-30,,,KH,", "birth_date: 2023-02-30 is not a day of the cal"),
        # A year before 1900 is refused in birth_year; it passed in a date.
        ("x1,,Sok,Chan,F,,0001-01-01,,,KH,", "birth_date: 0001-01-01 is before 1900"),
        ("x1,,Sok,Chan,F,,1899-12-31,,,KH,", "birth_date: 1899-12-31 is before 1900"),
        ("x1,,Sok,Chan,F,1990,1991-01-01,,,KH,", "row 3, column birth_date"),
        ("x1,,Sok,Chan,F,1990,,Atlantis,,KH,", "row 3, column province"),
        ("x1,,Sok,Chan,F,1990,,,,KHM,", "row 3, column nationality"),
        ("ok,,Sok,Chan,F,1990,,,,KH,", "row 3, column record_id"),
        (",,Sok,Chan,F,1990,,,,KH,", "row 3, column record_id"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(tmp_path, row, message):
    source = write(tmp_path / "in.csv", ["ok,,Dara,Sok,M,1980,,,,KH,", row])
    out = tmp_path / "out.csv"
    out.write_text("earlier output\n", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("link_csv", str(source), "--out", str(out))
    assert out.read_text(encoding="utf-8") == "earlier output\n"
    assert {p.name for p in tmp_path.iterdir()} == {"in.csv", "out.csv"}  # no temporary file left


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        # A blank line is a row of the sheet: the bad record after it is on line 4.
        (["ok,,Dara,Sok,M,1980,,,,KH,", "", "x1,,Sok,Chan,X,1990,,,,KH,"], "row 4, column sex"),
        # A quoted note over two lines: the next record starts on line 4.
        (
            ['ok,,Dara,Sok,M,1980,,,,KH,"two', 'lines"', "x1,,Sok,Chan,X,1990,,,,KH,"],
            "row 4, column sex",
        ),
        # A quote that never closes would swallow every later record into one name.
        (
            ["ok,,Dara,Sok,M,1980,,,,KH,", 'x1,,"Sok,Chan,F,1990,,,,KH,', "x2,,Bopha,Ouk,F,,,,,,"],
            "row 3: a quote opened here is never closed",
        ),
        # An unquoted comma in a name shifts the values into the wrong columns.
        (["x1,,Srey Mom, Chan,Chan,,,,,,KH,met in Poipet"], "row 2: 12 values, but the header"),
    ],
)
def test_rows_are_named_by_their_line_and_broken_rows_stop_the_command(tmp_path, rows, message):
    source = write(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message):
        call_command("link_csv", str(source), "--out", str(out))
    assert not out.exists()


def test_more_errors_than_are_listed_are_said_to_be_more(tmp_path):
    """Errors stop being listed after 20: the message says there are more, so that whoever
    mends the 20 does not expect the next run to pass."""
    source = write(tmp_path / "in.csv", [f"x{i},,Sok,Chan,X,1990,,,,KH," for i in range(30)])
    with pytest.raises(CommandError) as refused:
        call_command("link_csv", str(source), "--out", str(tmp_path / "out.csv"))
    assert "the first 20 errors (there are more)" in str(refused.value)
    source = write(tmp_path / "in.csv", [f"x{i},,Sok,Chan,X,1990,,,,KH," for i in range(3)])
    with pytest.raises(CommandError, match=r"nothing written, 3 error\(s\):"):
        call_command("link_csv", str(source), "--out", str(tmp_path / "out.csv"))


def test_a_column_named_twice_stops_the_command(tmp_path):
    """Two record_id columns (a sheet's own numbers, then the partner's ids): the values of the
    second were taken without a word, and the output named records by ids of another column."""
    source = tmp_path / "in.csv"
    source.write_text("record_id,record_id,given_name\n1,d7,Sok\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 1, column record_id: this column is named twice"):
        call_command("link_csv", str(source), "--out", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_a_value_too_long_to_read_is_not_called_an_unclosed_quote(tmp_path):
    """A value longer than the CSV reader takes was reported as a quote never closed, in a row
    with no quote at all."""
    source = write(
        tmp_path / "in.csv",
        ["ok,,Dara,Sok,M,1980,,,,KH,", "x1,,Sok,Chan,F,,,,,KH," + "a" * 200_000],
    )
    with pytest.raises(CommandError) as refused:
        call_command("link_csv", str(source), "--out", str(tmp_path / "out.csv"))
    assert "row 3: a value here is longer than 131072 characters" in str(refused.value)
    assert "a quote opened here is never closed" not in str(refused.value)


def test_khmer_digits_and_a_province_named_in_khmer_are_read(tmp_path):
    """A list typed in Khmer: the year in Khmer digits was read, the date in Khmer digits was
    'not a date written YYYY-MM-DD', and a province in Khmer script (with or without the word
    for province, its subscript ta typed either way) was refused."""
    source = write(
        tmp_path / "in.csv",
        [
            "d1,NGO-A,Sreymom,Chan,F,1995,1995-03-02,Kandal,,kh,",
            "d2,police,ស្រីមុំ,ចាន់,F,១៩៩៥,១៩៩៥-០៣-០២,ខេត្តកណ្តាល,,KH,",
            "d3,police,Dara,Sok,M,1980,,រាជធានីភ្នំពេញ,,KH,",
            "d4,police,Dara,Sok,M,1980,,phnom penh,,KH,",
        ],
    )
    out = tmp_path / "out.csv"
    call_command("link_csv", str(source), "--out", str(out))
    clusters = dict(read(out)[1:])
    assert clusters["d1"] == clusters["d2"] != clusters["d3"] == clusters["d4"]


@pytest.mark.django_db
def test_an_output_that_is_a_folder_is_refused_before_linking(tmp_path):
    """--out naming a folder ended in a traceback (IsADirectoryError), after the whole list had
    been linked, and with --register the register unsealed and the audit event written."""
    source = write(tmp_path / "in.csv", ["d1,NGO-A,Dara,Sok,M,1980,,,,KH,"])
    folder = tmp_path / "results"
    folder.mkdir()
    with pytest.raises(CommandError, match="a folder; give the name of the file to write"):
        call_command("link_csv", str(source), "--out", str(folder), "--register")
    assert list(folder.iterdir()) == []
    assert not AuditEvent.objects.filter(action="linkage.register_linked").exists()


def test_missing_record_id_column_and_bad_encoding(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("given_name,family_name\nSok,Chan\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 1, column record_id"):
        call_command("link_csv", str(source), "--out", str(tmp_path / "out.csv"))
    source.write_bytes(b"record_id,given_name\n1,\xff\xfe\n")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("link_csv", str(source), "--out", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.django_db
def test_register_links_the_list_to_registered_persons(tmp_path):
    agency = make_agency()
    user = make_user(Role.CASE_WORKER, agency)
    person = make_person(
        user, given_name="Bopha", family_name="Ouk", birth_year=1999, province="02", phone=""
    )
    make_person(user, given_name="Vichet", family_name="Heng", sex="male", birth_year=1970)
    source = write(
        tmp_path / "in.csv",
        [
            "L1,Deportation list,Bupha,Uk,F,1999,,Battambang,,KH,",
            "L2,Deportation list,Dara,Sok,M,1985,,,,KH,",
        ],
    )
    out = tmp_path / "out.csv"
    call_command("link_csv", str(source), "--out", str(out), "--register")
    clusters = dict(read(out)[1:])
    assert clusters == {"L1": person.reference, "L2": "C1"}
    assert AuditEvent.objects.filter(action="linkage.register_linked").count() == 1

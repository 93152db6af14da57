"""Persons recorded by a roster import get the name-syllable index every other person has.

The import wrote their search keys but not the syllable rows that rank name searches and
"likely matches", so a person found in a raid was found again only by a document number. Each
person on a roster without a syllable row is indexed now, from the names on their record.
"""

from django.db import migrations

from rumdoh.people.search import name_rows

BATCH = 2000


def index_roster_names(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Syllable = apps.get_model("people", "PersonNameSyllable")
    RosterEntry = apps.get_model("operations", "RosterEntry")
    on_roster = RosterEntry.objects.values("person_id")
    indexed = Syllable.objects.values("person_id")
    missing = Person.objects.filter(pk__in=on_roster).exclude(pk__in=indexed).order_by("pk")
    fields = ("id", "given_name", "family_name", "name_km", "aliases", "birth_year", "sex")
    last = 0
    while True:
        persons = list(missing.filter(pk__gt=last).only(*fields)[:BATCH])
        if not persons:
            return
        rows = []
        for p in persons:
            every = (p.given_name, p.family_name, p.name_km, *(p.aliases or []))
            names = [str(n) for n in every if n]
            rows += [
                Syllable(person_id=pid, key=key, birth_year=year, sex=sex, syllables=count)
                for pid, key, year, sex, count in name_rows(p.pk, names, p.birth_year, p.sex)
            ]
        Syllable.objects.bulk_create(rows, batch_size=5000)
        last = persons[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_operations_rosters_deportations"),
        ("people", "0008_document_issued_by_a_country"),
    ]

    operations = [migrations.RunPython(index_roster_names, migrations.RunPython.noop)]

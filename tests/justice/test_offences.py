"""The offence catalogue: codes are data, and only the trafficking articles are trafficking."""

from rumdoh.justice.rules import offences
from rumdoh.justice.rules.offences import Law


def test_codes_are_unique_and_labelled_in_both_languages():
    codes = [o.code for o in offences.OFFENCES]
    assert len(codes) == len(set(codes))
    for offence in offences.OFFENCES:
        assert offence.label_en and offence.label_km
        assert offence.law_label("en") and offence.law_label("km") != offence.law_label("en")


def test_the_catalogue_covers_the_laws_charges_are_coded_against():
    laws = {o.law for o in offences.OFFENCES}
    assert laws == set(Law)
    articles = {(o.law, o.article) for o in offences.OFFENCES}
    for article in ["8", "9", "10", "11", "12", "13", "14", "15", "17", "19", "20", "21"]:
        assert (Law.TRAFFICKING_2008, article) in articles
    assert {(Law.LABOUR_1997, "15"), (Law.LABOUR_1997, "16")} <= articles
    assert {(Law.CRIMINAL_CODE_2009, "253"), (Law.CRIMINAL_CODE_2009, "274")} <= articles
    assert {(Law.IMMIGRATION_1994, "29"), (Law.IMMIGRATION_1994, "32")} <= articles


def test_only_the_trafficking_law_articles_are_trafficking_offences():
    trafficking = offences.trafficking_codes()
    assert all(code.startswith("LSHTSE-") for code in trafficking)
    for code in ["CC-239", "CC-253", "CC-274", "LABOUR-15", "IMMIGRATION-29", "AML-2020"]:
        assert not offences.is_trafficking(code)
    assert not offences.is_trafficking("NO-SUCH-CODE")


def test_labour_offences_carry_their_form_of_exploitation():
    assert offences.exploitation_of("LABOUR-15") == "forced_labour"
    assert offences.exploitation_of("CC-274", "sexual_exploitation") == "forced_labour"
    assert offences.exploitation_of("LSHTSE-12", "forced_marriage") == "forced_marriage"
    assert offences.exploitation_of("CC-239") == ""


def test_trafficking_articles_need_the_form_recorded_on_the_charge():
    assert offences.needs_exploitation("LSHTSE-10")
    assert not offences.needs_exploitation("LABOUR-16")
    assert not offences.needs_exploitation("CC-239")


def test_classify_a_set_of_charges():
    assert offences.classify(["CC-239"]) == "related"
    assert offences.classify(["CC-239", "IMMIGRATION-29"]) == "related"
    assert offences.classify(["CC-239", "LSHTSE-15"]) == "trafficking"
    assert offences.classify([]) == ""
    assert offences.classify(["UNKNOWN"]) == ""


def test_cross_border_offences_are_marked():
    assert offences.BY_CODE["LSHTSE-11"].cross_border
    assert offences.BY_CODE["IMMIGRATION-29"].cross_border
    assert not offences.BY_CODE["LSHTSE-10"].cross_border

"""The question sets: coverage of the catalogue and how answers become observations."""

import pytest

from rumdoh.screening.rules import catalogue as cat
from rumdoh.screening.rules.decision import assess
from rumdoh.screening.rules.questions import DETAILED, SECTIONS, SHORT, observations_from


def khmer(text: str) -> bool:
    return any("\u1780" <= ch <= "\u17ff" for ch in text)


def test_short_form_has_ten_to_fourteen_questions_covering_every_deciding_code():
    assert 10 <= len(SHORT) <= 14
    assert {code for q in SHORT for code in q.codes} == cat.DECISION_CODES


def test_detailed_form_asks_one_question_per_code_including_harm():
    assert sorted(code for q in DETAILED for code in q.codes) == sorted(cat.CODES)
    assert all(len(q.codes) == 1 for q in DETAILED)


@pytest.mark.parametrize("question", [*SHORT, *DETAILED], ids=lambda q: q.key)
def test_every_question_is_asked_in_khmer_and_english(question):
    assert khmer(question.text_km)
    assert not khmer(question.text_en)
    assert question.text_en.endswith("?")
    assert question.section in SECTIONS


def test_question_keys_are_unique_per_form():
    for form in (SHORT, DETAILED):
        keys = [q.key for q in form]
        assert len(keys) == len(set(keys))


@pytest.mark.parametrize("form", [SHORT, DETAILED], ids=["short", "detailed"])
def test_no_to_everything_clears_and_dont_know_to_everything_does_not(form):
    no = observations_from(form, {q.key: "no" for q in form})
    unknown = observations_from(form, {q.key: "unknown" for q in form})
    assert assess(30, no).determination == "not-indicated"
    assert assess(None, no).determination == "not-indicated"
    assert assess(30, unknown).determination == "further-assessment"


def test_a_yes_records_every_code_the_question_names():
    observations = observations_from(SHORT, {"received": "yes"})
    assert {c for c, v in observations.items() if v == "yes"} == {
        "ACT-RECEIPT",
        "ACT-HARBOURING",
        "ACT-TRANSFER",
    }


def test_unanswered_questions_count_as_unknown():
    observations = observations_from(SHORT, {})
    assert set(observations.values()) == {"unknown"}


def test_when_two_questions_name_a_code_yes_beats_dont_know_beats_no():
    both = (*SHORT, *DETAILED)
    answers = {"lied_to": "no", "fl-deception": "unknown", "threatened": "no", "fl-threats": "yes"}
    observations = observations_from(both, answers)
    assert observations["FL-DECEPTION"] == "unknown"
    assert observations["FL-THREATS"] == "yes"

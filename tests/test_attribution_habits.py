"""More habits of news writing, on texts written here: a phrase the writer borrows in quotation
marks is no quote, a relative's title before a comma is no gender, a sentence opening on a
person ("For Ruiz, ...") makes the next "she said" hers."""

from __future__ import annotations

from attribution_texts import quotes_in as _quotes
from attribution_texts import who_said as _who


def test_quoted_words_with_the_writers_own_on_both_sides_are_no_quote():
    text = (
        "Investor Dana Holt spoke at a forum in Leeds on Monday.\n"
        '"We built these sites far too fast," Holt said. '
        'Holt also described one rival app as "a machine built to reward the loudest voices" '
        "that keeps people scrolling late into the night.\n"
    )
    who = _who(text)
    assert who["We built these sites far too fast"] == ("Dana Holt", "surname")
    assert "a machine built to reward the loudest voices" not in who


def test_a_relatives_title_before_a_comma_is_not_the_gender_of_the_name_after_it():
    text = (
        "Anna Pike, a nurse, said the clinic had closed early.\n"
        '"We were told nothing," she said.\n'
        "Tom Reyes, whose daughter fell ill in May, sees the case differently. With his wife, "
        "Reyes now runs a support group for parents.\n"
        '"It helps to talk," he said.\n'
    )
    who = _who(text)
    assert who["It helps to talk"][0] == "Tom Reyes"


def test_a_sentence_opening_on_a_person_makes_the_next_she_said_hers():
    text = (
        "Maria Lund, a parent, joined the case in March.\n"
        '"Nobody answered us," Lund said.\n'
        "Petra Ruiz, a teacher, filed a report. "
        '"It was ignored," she said.\n'
        'For Lund, the ruling is not enough. "They will just try again," she said.\n'
    )
    who = _who(text)
    assert who["It was ignored"][0] == "Petra Ruiz"
    assert who["They will just try again"][0] == "Maria Lund"


def test_a_post_before_a_name_in_apposition_gives_the_name_as_the_speaker():
    text = (
        "Small charities say the new rules are hard to follow.\n"
        '"We have two lawyers for the whole of Europe," the Harlow Trust’s VP for public '
        "policy, Rebecca Marr, says.\n"
        '"Every hour of their work counts," Marr said.\n'
    )
    who = _who(text)
    assert who["We have two lawyers for the whole of Europe"][0] == "Rebecca Marr"
    assert who["Every hour of their work counts"][0] == "Rebecca Marr"


def test_a_participle_after_a_comma_ends_the_reported_clause():
    text = (
        "Gill Marsh leads the online safety team at the regulator. Marsh says that the "
        "regulator plans to consult on the rules next year, leaving their full impact on "
        "messaging apps uncertain.\n"
        "She says the regulator is trying to make work across borders easier, pointing to its "
        "network of regulators abroad.\n"
    )
    who = _who(text)
    assert who["the regulator plans to consult on the rules next year"][0] == "Gill Marsh"
    assert who["the regulator is trying to make work across borders easier"][0] == "Gill Marsh"


def test_a_relative_clause_after_the_cues_object_and_a_so_that_clause_are_no_report():
    text = (
        "Orvel Inc reported revenue on Tuesday that fell short of forecasts for the first time "
        "in three years, but it beat on profit.\n"
        'Parent Nora Quist, who campaigns on the issue, spoke after the vote. "They will find '
        'another way," she said, emphasizing the need for rules that make it so that adverts '
        "cannot reach children at night.\n"
    )
    quotes = _quotes(text)
    assert not any("fell short" in q.quote for q in quotes)
    assert not any("adverts cannot" in q.quote for q in quotes)
    assert _who(text)["They will find another way"][0] == "Nora Quist"


def test_theorized_and_shared_that_report_speech_and_an_aside_after_the_cue_is_not_it():
    text = (
        "Investor Daniel Brooks spoke to students in Bristol on Friday.\n"
        "The slump in advertising may even be the turning point, he theorized, as it is now "
        '"plain to see" that people want something better than the feeds they have today.\n'
        "Brooks shared that his first company grew out of a club he ran at school. He also "
        "shared a photo of the club on stage.\n"
    )
    who = _who(text)
    assert who["The slump in advertising may even be the turning point"][0] == "Daniel Brooks"
    assert not any(q.startswith("people want something better") for q in who)
    assert who["his first company grew out of a club he ran at school"][0] == "Daniel Brooks"
    assert not any("photo" in q for q in who)


def test_a_public_body_written_in_lower_case_after_its_place_is_the_ministry_and_it_later():
    text = (
        "The Veldra foreign ministry summoned the ambassador on Friday. The ministry said the "
        'remarks were unacceptable. "We will not accept threats against our people," it said.\n'
        "The Harrow council voted to close the library. In a statement, the council said the "
        "building was unsafe. It added that a new site was being sought.\n"
    )
    who = _who(text)
    assert who["the remarks were unacceptable"] == ("Veldra foreign ministry", "organisation")
    assert who["We will not accept threats against our people"][0] == "Veldra foreign ministry"
    assert who["the building was unsafe"][0] == "Harrow council"
    assert who["a new site was being sought"][0] == "Harrow council"


def test_the_statement_is_the_bodys_that_issued_it_when_no_speaker_stands_beside_it():
    text = (
        "The Ministry of Health issued a statement on Monday.\n"
        "The statement said the outbreak had been contained by the end of the week.\n"
    )
    who = _who(text)
    assert who["the outbreak had been contained by the end of the week"] == (
        "Ministry of Health",
        "document",
    )


def test_the_company_is_the_business_written_with_its_legal_form_when_none_was_quoted():
    text = (
        "Orvel Inc. and the regulator met on Monday.\n"
        "The company said it welcomed the review of the merger by the regulator.\n"
    )
    who = _who(text)
    assert who["it welcomed the review of the merger by the regulator"] == (
        "Orvel Inc.",
        "organisation",
    )


def test_a_person_who_found_that_reports_what_she_saw_not_what_she_said():
    text = (
        "Perla Moss, a parent in the suit, found that the app did little to stop the sales "
        "in the months after the death of her son.\n"
        "A study by the Harrow Institute found that most sellers used the app at night.\n"
    )
    quotes = _quotes(text)
    assert not any(q.speaker == "Perla Moss" for q in quotes)
    assert any(q.quote.startswith("most sellers used the app") for q in quotes)


def test_the_agency_or_the_military_is_the_public_body_of_that_kind_named_or_quoted_before():
    text = (
        "The Federal Aviation Administration grounded the jets on Friday.\n"
        "The agency said the inspections would take at least a week.\n"
        "The Veldran army said its troops had entered the town overnight. The military said "
        "the operation would continue for several days.\n"
    )
    who = _who(text)
    assert who["the inspections would take at least a week"] == (
        "Federal Aviation Administration",
        "organisation",
    )
    assert who["the operation would continue for several days"][0] == "Veldran army"

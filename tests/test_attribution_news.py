"""Attribution rules for habits of news writing, on texts written here: quotes left open or
reopened, reported speech set off by commas, "she asked" before "he said", captions, a family
sharing a surname, "they said" after a clause about people, "the company", what courts and
bodies "ruled"/"found"/"estimated", pull quotes and headlines in capitals."""

from __future__ import annotations

from datetime import date

import pytest
from attribution_texts import who_said as _who

from bot.attribution.extract import analyse


def test_a_quote_left_open_after_a_colon_runs_on_and_a_reopened_one_is_a_second_quote():
    text = (
        "Coach Mara Quill was asked about her future.\n"
        'Quill said: "We are heading the right way. We have work to do.\n'
        '"The players know what is expected of them every single week."\n'
        "On the contract, Quill said: “It is not my decision alone. “The board will meet in "
        "the spring and we will see what happens then.\n"
    )
    who = _who(text)
    assert who["We are heading the right way. We have work to do."] == ("Mara Quill", "surname")
    assert who["The players know what is expected of them every single week."][0] == "Mara Quill"
    assert who["It is not my decision alone."] == ("Mara Quill", "surname")
    later = "The board will meet in the spring and we will see what happens then."
    assert who[later][0] == "Mara Quill"


def test_a_cue_between_commas_reports_its_whole_sentence_and_a_quote_told_is_direct():
    text = (
        "Trade envoy Piet Olander met the growers on Monday.\n"
        "Part of the delay, he said, was the weather in the north.\n"
        'Olander told the growers, "We will pay before the harvest," according to one farmer, '
        "Anke Smit."
    )
    who = _who(text)
    assert who["Part of the delay, he said, was the weather in the north"][0] == "Piet Olander"
    assert who["We will pay before the harvest"][0] == "Piet Olander"
    assert not any(q.startswith("We will pay before the harvest,”") for q in who)


CASES = {
    "'she asked' keeps a later 'he said' from her": (
        "Witness Tomas Ferre took the stand after lunch. He and Hal Brun were friends at "
        "school, he said.\n"
        "When Ferre first spoke, Lina Vosk, one of the prosecutors, said that the friend of Brun "
        "had immunity during his testimony. Why had he agreed to that, she asked.\n"
        '"I was afraid that my code had been used for a crime," he said.',
        "I was afraid that my code had been used for a crime",
        "Tomas Ferre",
    ),
    "a name in a photo caption is not who 'he' is": (
        "Fund manager Paul Hanning expects more buyers this year.\n"
        "Finance minister Oren Dask will speak at the summit © AFP via Getty Images\n"
        "There is still room to grow, he adds, pointing to the new listing rules.",
        "There is still room to grow",
        "Paul Hanning",
    ),
    "a bare surname shared by a family is the one the story names first": (
        "Striker Rafe Molloy scored twice on Sunday.\n"
        "His mother, Dana Molloy, said she had never been so nervous in the stand.\n"
        '"I want to keep scoring for this club for a long time," Molloy said.',
        "I want to keep scoring for this club for a long time",
        "Rafe Molloy",
    ),
    "'they said' after a clause about people is those people": (
        "The studio Brightlane shut its app on Friday.\n"
        "TechDaily reported that the app had lost half of its users.\n"
        "The founders do not regret building the app, even though it failed, they said.",
        "The founders do not regret building the app, even though it failed",
        "founders",
    ),
    "a resident named in the subject is the speaker": (
        "Water was cut off in the old town for three days. One resident named Ilka Dorn said "
        "her family had carried buckets from the square every morning.",
        "her family had carried buckets from the square every morning",
        "Ilka Dorn",
    ),
    "a role with the person in apposition is that person, not an earlier author": (
        "Senior study author Mara Velt said the mice slept better.\n"
        "A second study found similar effects. The lead author of that study, biologist Dr. "
        "Oskar Brandt, told reporters that the effect lasted for weeks.",
        "the effect lasted for weeks",
        "Oskar Brandt",
    ),
    "a court's ruling is what the court said": (
        "In 2021 the Supreme Court of Veland ruled that the old fishing quotas no longer "
        "applied to foreign boats.",
        "the old fishing quotas no longer applied to foreign boats",
        "Supreme Court of Veland",
    ),
    "a speaker after the verb is the speaker": (
        "Because of a gap in the treaty, the fees would go to foreign labels, stated the "
        "musicians' unions, which include Ardo and Sonte.",
        "Because of a gap in the treaty, the fees would go to foreign labels",
        "musicians' unions",
    ),
    "a study is its authors' ('a study led by X found that')": (
        "A study led by the Leland Institute found that older mice slept better on a fixed "
        "meal schedule.",
        "older mice slept better on a fixed meal schedule",
        "Leland Institute",
    ),
    "'the report said' after the body that published it": (
        "The Harbour Watch Trust published a report on Monday. The report said that the new "
        "cameras had been fitted without a licence.",
        "the new cameras had been fitted without a licence",
        "Harbour Watch Trust",
    ),
    "'he' after a list of names is the player quoted before": (
        "“I spent ten years at my old club,” Teo Marsh said.\n\n"
        "The departures of, among others, Ivo Lenk, Pavel Rusk and Omar Sade, meant there "
        "could be room in midfield. “I looked at the squad and saw a chance,” he said.",
        "I looked at the squad and saw a chance",
        "Teo Marsh",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_who_said_it(case):
    text, quote, speaker = CASES[case]
    assert _who(text)[quote][0] == speaker


def test_the_company_is_never_the_regulator_quoted_before():
    text = (
        "The European Commission said it had opened an inquiry into Korvo's payments app.\n"
        "The company said it would work with the inquiry and that no data had been lost."
    )
    who = _who(text)
    said = "it would work with the inquiry and that no data had been lost"
    assert "Commission" not in who[said][0]


def test_the_company_is_the_business_quoted_last_and_not_a_product_named_after_it():
    text = (
        "Families abroad are watching the floods in Varnia on Quorra Lens, the live map inside "
        "the Quorra app. The death toll passed 40, according to figures reported by the "
        "Northern Wire Service.\n"
        "Quorra did not share numbers but confirmed that posts from the flooded region had "
        "doubled since Sunday. The company also said that viewers from abroad now outnumber "
        "local ones.\n"
        "Shares of Orvel Inc., which makes most of the phones in Varnia, fell on Monday. Orvel "
        "said that its network in the region was working again."
    )
    who = _who(text)
    assert who["posts from the flooded region had doubled since Sunday"][0] == "Quorra"
    assert who["viewers from abroad now outnumber local ones"] == ("Quorra", "organisation")
    assert who["its network in the region was working again"][0] == "Orvel Inc."


def test_a_pull_quote_and_a_headline_in_capitals_are_not_quotes_of_their_own():
    text = (
        "Union chair Rena Holt spoke in Brussels on Tuesday.\n"
        "“We are losing a fifth of our income to a loophole in the law.” Rena Holt\n"
        "FARMERS FEAR A DRY SUMMER, RESEARCHERS SAY\n"
        "“In the Netherlands we are losing a fifth of our income to a loophole in the law,” "
        "said Joost Maal, who leads the Dutch union."
    )
    quotes = analyse([("t", text, {})], date(2026, 12, 2))[0].quotes
    assert not any("FARMERS" in q.quote for q in quotes)
    loophole = [q for q in quotes if "loophole" in q.quote]
    assert [q.speaker for q in loophole] == ["Joost Maal"]


def test_a_one_word_name_its_own_words_call_the_company_is_the_company_quoted_next():
    # The small tagger may take a one-word brand for a person; what it says of itself
    # ("the company has seen") shows it is a business.
    text = (
        "Relief groups in Varnia post flood maps on Marenchat, a photo app popular with students. "
        "The toll passed 40, according to figures reported by the Northern Wire Service.\n"
        "Maren confirmed to reporters that the company has seen a "
        "sharp rise in posts from the flooded towns. The company also said that more viewers "
        "abroad are now watching maps of the region."
    )
    who = _who(text)
    assert who["more viewers abroad are now watching maps of the region"][0] == "Maren"

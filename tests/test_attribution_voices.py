"""Rules version 10, on texts written here: who speaks in "with X saying", a short reply cued
in a sentence of its own, "a spokesperson" as the body just named, "he added" after a report
that names others, "the report" of the last reporter, "the retailer" never a source of
figures; what is no quote (a subheading, a title, "it is safe to say", a relative clause) and
where reported words end (a dash before a participle, the main clause after "Hours after X
reported that ...")."""

from __future__ import annotations

from attribution_texts import quotes_in as _quotes
from attribution_texts import who_said as _who


def test_with_a_person_saying_makes_that_person_the_speaker():
    text = (
        "The paper spoke to shoppers at the Linwood market on Saturday, with Marta, 34, saying "
        "she thought the new rules would push prices up.\n"
    )
    who = _who(text)
    assert who["she thought the new rules would push prices up"][0] == "Marta"


def test_a_short_cue_after_an_exclamation_is_the_quotes_own():
    text = (
        "Coach Dan Reeve said the team had trained for months before the final, which the "
        "captain, Priya, won with a late goal.\n\n"
        '"It was the best day of my whole life!" Priya shared with the local paper.\n'
    )
    assert _who(text)["It was the best day of my whole life!"][0] == "Priya"


def test_a_sentence_adverb_is_not_part_of_the_name_after_it():
    text = (
        "The road has been closed since March.\n\n"
        'Meanwhile Sophie, who runs the bakery, told reporters she "just wants the road to '
        'reopen".\n'
    )
    assert {speaker for speaker, _ in _who(text).values()} == {"Sophie"}


def test_it_is_safe_to_say_has_no_speaker():
    text = (
        "The Harbour Museum said the mill closed in 1990 after a long strike.\n\n"
        'In the words of the old song, it is safe to say that "everything has changed" for '
        "the town since then.\n"
    )
    assert not any("everything has changed" in q for q in _who(text))


def test_a_relative_clause_after_a_speech_verb_is_not_reported_speech():
    text = (
        "Fans will recall the sale of the club to Dunmore Holdings in 2002, who until then "
        "had owned only racecourses in the north.\n"
    )
    assert _quotes(text) == []


def test_reported_words_end_before_a_dash_and_a_participle():
    text = (
        "Arlen Motors said it expects to open the plant next spring - meaning hundreds of jobs "
        "could arrive in the town before the summer.\n"
    )
    assert "it expects to open the plant next spring" in _who(text)


def test_a_report_in_a_clause_of_time_ends_where_the_main_clause_begins():
    text = (
        "Hours after the Ledger's Tom Ash reported that the mayor would resign on Friday, the "
        "council's Jo Penn reported that the mayor would stay.\n"
    )
    assert _who(text)["the mayor would resign on Friday"][0] == "Tom Ash"


def test_a_spokesperson_speaks_for_the_body_named_just_before():
    text = (
        "Brindle Games, the body that represents games makers, told the BBC that investment "
        "was vital to the industry. According to a spokesperson, most of the money in the "
        "last five years came from companies abroad.\n"
    )
    who = _who(text)
    quote = "most of the money in the last five years came from companies abroad"
    assert who[quote] == ("Brindle Games spokesperson", "organisation")


def test_he_added_after_a_report_that_names_someone_else_is_the_reporter():
    text = (
        "MORE: Projecting Kenji Sato's contract\n\n"
        "Kenji Sato is the most sought-after free agent this winter.\n\n"
        "The Ledger's Jon Hale reported Sato has already received several offers above $500 "
        "million. He added there are believed to be five teams in the running.\n"
    )
    assert _who(text)["there are believed to be five teams in the running"][0] == "Jon Hale"


def test_the_report_is_the_last_reporters_after_a_closing_quotation_mark():
    text = (
        "Reporter Ann Cole said in a report that the club had met the striker twice.\n\n"
        'Reporter Bo Lin reported one executive believes the club\'s hopes "have now faded." '
        "The report stated that leaves three clubs in the race for the striker.\n"
    )
    who = _who(text)
    assert who["that leaves three clubs in the race for the striker"][0] == "Bo Lin"


def test_a_subheading_is_not_a_quote():
    text = (
        "Dana Ruiz says talks with the club are over\n\n"
        "The striker's agent spoke to reporters on Friday after training.\n"
    )
    assert _quotes(text) == []


def test_a_title_in_quotation_marks_mid_sentence_is_not_a_quote():
    text = (
        "In May, the Ledger reported on a boy who tried to play a \"Now That's What I Call "
        'Music! 21" CD for the first time.\n'
    )
    assert not any("Call Music" in q for q in _who(text))


def test_the_retailer_is_not_a_source_quoted_only_for_figures():
    text = (
        "Orla Sports missed revenue expectations on Thursday. Orla Sports shares fell 3%.\n\n"
        "Sales in Europe rose 3% to $2 billion, according to StreetView Data.\n\n"
        "Sales in Asia fell 2% to $1 billion, according to StreetView Data.\n\n"
        "The retailer noted that it is still resetting its business with Footwear Hub.\n"
    )
    who = _who(text)
    assert who["it is still resetting its business with Footwear Hub"][0] == "Orla Sports"


def test_according_to_a_name_the_parser_left_without_an_object_is_still_the_source():
    text = (
        "According to Harwell Research credit analyst Mina Okafor, the Oslo-based company’s "
        "free cash flow, which reached $4 billion last year, may drop about 60% this year and "
        "could turn negative in 2025.\n"
    )
    assert [q.speaker for q in _quotes(text)] == ["Mina Okafor"]


def test_the_lender_or_the_drugmaker_is_the_business_named_just_before():
    text = (
        "Veldra's Ministry of Trade announced new tariffs on Monday.\n\n"
        "Korvan Bank cut its forecast on Tuesday. The lender said demand for mortgages had "
        "fallen sharply in the third quarter.\n\n"
        "Mirelo Pharmaceuticals shares fell 8% on Wednesday. The drugmaker said it would cut "
        "300 jobs as sales of its flu vaccine slowed.\n"
    )
    who = _who(text)
    lender = who["demand for mortgages had fallen sharply in the third quarter"]
    assert lender == ("Korvan Bank", "organisation")
    drugmaker = who["it would cut 300 jobs as sales of its flu vaccine slowed"]
    assert drugmaker == ("Mirelo Pharmaceuticals", "organisation")


def test_the_operator_is_the_business_a_regulator_acted_on_not_the_one_quoted_before():
    text = (
        "Talbot Mining Inc. reported a loss. The company said copper prices had fallen.\n\n"
        "The European Commission fined Brask Telecom on Thursday. The telecoms operator said "
        "it would appeal the decision.\n"
    )
    assert _who(text)["it would appeal the decision"][0] == "Brask Telecom"


def test_reported_figures_keep_their_percent_sign():
    text = "Pellar Foods said revenue rose 4%. Its chief executive, Ana Bell, said margins held.\n"
    assert "revenue rose 4%" in _who(text)


def test_a_link_to_another_story_does_not_break_a_quote_running_over_paragraphs():
    text = (
        "The band played its first show in ten years on Friday.\n\n"
        '"We did not know if anyone would still come," drummer Rosa Kell told reporters.\n\n'
        "BAND REUNIONS ARE BACK IN FASHION, PROMOTERS SAY\n\n"
        '"Then we saw the queue going round the block, and we all just laughed."\n'
    )
    who = _who(text)
    quote = "Then we saw the queue going round the block, and we all just laughed."
    assert who[quote] == ("Rosa Kell", "continued")

"""Rules version 11, on texts written here: organisations and their documents as speakers. A
person named with their body ("Crisis Group’s Fabiani"); "the airline", "the council", "the
regulator", "the club" as the body named just before, of a kind that fits; "his study", "her
office" as the person's; "the report suggests that" and "the report found" with no issuer
named in their sentence; "a spokeswoman for X" under the body's fuller name; and "the
statement" no sentence ties to anyone left unattributed."""

from __future__ import annotations

from attribution_texts import quotes_in as _quotes
from attribution_texts import who_said as _who


def test_a_surname_after_a_bodys_possessive_is_the_person_named_before():
    text = (
        '"Rents will keep rising," said Ilona Brandt, an economist at the Halden Trust.\n\n'
        "Landlords are unlikely to cut prices before the spring, the Halden Trust’s Brandt "
        "said.\n"
    )
    who = _who(text)
    assert who["Landlords are unlikely to cut prices before the spring"] == (
        "Ilona Brandt",
        "surname",
    )


def test_the_airline_is_the_airline_named_whole():
    text = (
        "Tarn Airlines cancelled 200 flights on Friday. The airline said strikes at two "
        "airports were to blame.\n"
    )
    assert _who(text)["strikes at two airports were to blame"][0] == "Tarn Airlines"


def test_the_council_is_not_the_person_whose_title_holds_the_word():
    text = (
        "The Norbury Council approved the budget on Monday. Council leader Tom Reyes said the "
        "plan protected libraries. The council said it would publish the figures online.\n"
    )
    who = _who(text)
    assert who["the plan protected libraries"][0] == "Tom Reyes"
    assert who["it would publish the figures online"][0] == "Norbury Council"


def test_the_regulator_is_the_commission_named_just_before():
    text = (
        "Brask Telecom was fined 12 million euros by the European Commission on Tuesday. The "
        "regulator said the operator had misled customers about roaming fees.\n"
    )
    who = _who(text)
    assert who["the operator had misled customers about roaming fees"][0] == "European Commission"


def test_her_study_is_hers_and_her_office_speaks_for_her():
    text = (
        "Dr Ilse Varga has spent a decade studying sleep in teenagers. Her study found that "
        "screens delay sleep by an hour.\n\n"
        "Mara Olsen, the mayor, welcomed the plan. Her office said in a statement that the "
        "works would start in May.\n"
    )
    who = _who(text)
    assert who["screens delay sleep by an hour"] == ("Ilse Varga", "document")
    assert who["the works would start in May"][0] == "Mara Olsen’s office"


def test_what_a_report_suggests_is_what_its_author_says_but_not_what_a_person_suggests():
    text = (
        "Pia Lund has tracked river levels in the valley for years. Lund’s latest report "
        "suggests that the floods will come earlier each spring.\n\n"
        "A neighbour suggested that the dam was to blame.\n"
    )
    who = _who(text)
    assert who["the floods will come earlier each spring"][0] == "Pia Lund"
    assert not any("dam was to blame" in q for q in who)


def test_the_report_with_no_issuer_named_is_the_body_named_just_before():
    text = (
        "The Leland Institute published its annual survey of renters on Monday. The report "
        "found that rents rose 8% in a year.\n"
    )
    assert _who(text)["rents rose 8% in a year"][0] == "Leland Institute"


def test_the_club_is_the_body_named_just_before():
    text = (
        "The Harbour City Rovers drew 30,000 fans to their opening match. The club said the "
        "new stand would open in March.\n"
    )
    assert _who(text)["the new stand would open in March"][0] == "Harbour City Rovers"


def test_a_spokeswoman_for_a_business_speaks_under_its_fuller_name():
    text = (
        "Lindqvist Motors recalled 40,000 cars last week. A spokeswoman for Lindqvist said no "
        "injuries had been reported.\n"
    )
    who = _who(text)
    assert who["no injuries had been reported"][0] == "Lindqvist Motors spokeswoman"


def test_a_statement_no_sentence_ties_to_anyone_is_left_unattributed():
    text = (
        '"We will appeal," said Jonas Petrov, who lost the case on Monday.\n\n'
        "Talks with the union continue this week.\n\n"
        "The statement said that the fare rises were final.\n"
    )
    quotes = _quotes(text)
    assert not any(q.speaker == "Jonas Petrov" and "fare rises" in q.quote for q in quotes)

"""Earlier figures of the attribution rules on the hand-labelled set (bench/people.py writes
them under the current table in docs/benchmarks.md)."""

# Earlier figures of the rules on the same labels and scorer, kept beside the current ones.
HISTORY = (
    "Before rules version 11 (version 10, same scorer, on these 1397 labels), precision / "
    "recall: dev 0.916 / 0.898, test 0.782 / 0.712, all 0.854 / 0.809; batch 8 alone: dev "
    "0.766 / 0.778, test 0.742 / 0.667 (labelled before any rule was run on it; batch 8 was "
    "picked for organisations speaking, and both its halves came out well below every older "
    "dev row, as batch 7's had). By case, version 10, dev | test: pronoun 0.932 / 0.926 | "
    "0.755 / 0.734, the ministry / the statement 0.900 / 0.745 | 0.460 / 0.213, continued "
    "quote paragraph 0.963 / 0.921 | 0.829 / 0.786. Version 11 is about organisations and "
    "their documents. From dev errors (batch 8's dev half): a surname after a body's "
    'possessive is the person named before ("the Washington Institute’s Satloff", "Crisis '
    'Group’s Fabiani" had been taken for organisations, and a later "he" went to someone '
    'else); "his study", "her office", "its statement" are the owner the pronoun stands for '
    '("Her office" speaks as "X’s office"); "X’s latest report suggests that ..." is X\'s ("'
    'suggest" with a that-clause reports speech when a study or report suggests; a person '
    'who suggests still does not), and "found that" after such a document is not refused '
    "as a person's observation. From sentences written here (every dev row unchanged, kept "
    "as dev decides; written by the session that had labelled batch 8, test half included, "
    'so that reading may have shaped them): "the airline" is "Tarn Airlines" whole, never "Tarn Airline", and a '
    'name with that word never runs across a sentence end ("Monday. Council"); "the '
    'council" is not a person whose title holds the word ("Council leader X"); "the '
    'regulator" fits a commission or watchdog named before; "the club", "the university" '
    "and other organisation nouns that are neither a business's nor matched by name are "
    'the body of a fitting kind (a public body for "the ministry") named in the sentence '
    'before or in theirs; "the report found" with no issuer in its sentence and no body '
    'quoted is the body named just before; "a spokeswoman for Lindqvist" is "Lindqvist '
    'Motors spokeswoman"; and, precision first, "the statement" that no sentence ties to '
    "a body is left unattributed instead of going to whoever was quoted last. Dev 0.916 / "
    "0.898 -> 0.923 / 0.906 (batch 8 dev 0.766 / 0.778 -> 0.846 / 0.873; the ministry / the "
    "statement dev 0.900 / 0.745 -> 0.929 / 0.787). Test, looked at once at the end (numbers "
    "only): 0.782 / 0.712 -> 0.785 / 0.718, batch 8 test 0.742 / 0.667 -> 0.719 / 0.667; by "
    "case pronoun 0.755 / 0.734 -> 0.764 / 0.743, continued 0.829 / 0.786 -> 0.838 / 0.795, "
    "but the ministry / the statement 0.460 / 0.213 -> 0.407 / 0.213: the test quotes "
    "given to a body through its noun or a document rose from 50 to 59 and the right ones "
    "only from 23 to 24, so the type-fit fallbacks did not carry over to new articles where it matters most (kept, as dev decides; not tuned "
    'after). Tried and dropped: the body named just before also for business nouns ("the '
    'company" then went to the EU on dev, two quotes wrong). The test articles of batch 8 '
    "were read once, to label them, before the halves were drawn and before any rule was run "
    'on them; their errors were not looked at. The rules constant is "11", so stores index '
    "again. "
    "Before rules version 10 (version 9, same scorer, on these 1265 labels), precision / "
    "recall: dev 0.910 / 0.893, test 0.791 / 0.722, all 0.855 / 0.812; batch 7 alone: dev "
    "0.756 / 0.787, test 0.739 / 0.618 (labelled before any rule was run on it: how far "
    "version 9, tuned on dev, carried over to new articles; both halves of batch 7 came out "
    "well below every older dev row, so version 9 fitted its dev articles more than news in "
    "general). By case, version 9, dev | test: pronoun 0.918 / 0.933 | 0.758 / 0.734, the "
    "ministry / the statement 0.909 / 0.733 | 0.531 / 0.271, continued quote paragraph 0.961 "
    "/ 0.916 | 0.840 / 0.792. Version 10's changes came in three steps. The first was chosen on "
    'dev errors (batch 7\'s dev half above all): "with X saying" makes X the speaker; a short '
    "cue in a sentence of its own right after a quotation is that quotation's; \"a "
    'spokesperson" and "according to a spokesperson" speak for the body that opens the '
    'sentence before; an "according to" name the parser left without an object still gives '
    "the source; a speaker's reported clause counts as theirs, so names inside it do not "
    'take a later "he" from them; "the report" after "X reported" is X\'s; "the company" is '
    'never a body quoted only through "according to" (a source of figures); subheadings, '
    'titles in capitals mid-sentence, "it is safe to say" and clauses opening on "who" or '
    '"which" are no quotes; reported words end before " - meaning ..." and, after "Hours '
    'after X reported that ...", before the main clause. It moved dev to 0.931 / 0.908 '
    "(batch 7 dev 0.907 / 0.907) and test to 0.793 / 0.722 (batch 7 test 0.761 / 0.636). The "
    'second came from sentences written for it ("the lender", "the drugmaker", "the telecoms '
    'operator" as the business named in the sentence before, those sentences parsed; "4%" '
    "kept whole): every dev row unchanged, and test, as it came out, fell to 0.788 / 0.717 "
    "(the ministry / the statement 0.510 / 0.257 to 0.460 / 0.229); it was kept, as dev "
    "decides (those sentences were written by the session that had labelled batch 7, test "
    "half included, so that reading may have shaped them; test fell rather than rose). "
    "The third, on a dev error again: a link to another story (a line in capitals or a "
    "subheading) between two paragraphs of one quote no longer ends it (dev 0.931 / 0.910, "
    "test 0.786 / 0.717). "
    'One change tried on dev was dropped (cutting a trailing ", which ..." clause: '
    "one dev quote right, one wrong). The test articles of batch 7 were read once, to label "
    "them, before the halves were drawn and before any rule was run on them; their errors "
    'were not looked at. The rules constant stayed at "8" through version 9; it is "10" now, '
    "so stores index again. "
    "Before rules version 9 (version 8, same scorer, on these 1135 labels), precision / "
    "recall: dev 0.907 / 0.890, test 0.794 / 0.733, all 0.854 / 0.814; batch 6 alone: dev "
    "0.827 / 0.775, test 0.887 / 0.694 (labelled before any rule was run on it: how far "
    "version 8, tuned on dev, carried over to new articles; batch 6 test alone is above "
    "batch 6 dev in precision, but its recall is the lowest of any row). By case, version 8, "
    "dev | test: pronoun 0.889 / 0.898 | 0.764 / 0.739, the ministry / the statement 0.933 / "
    "0.816 | 0.511 / 0.262, continued quote paragraph 0.942 / 0.917 | 0.839 / 0.813. Version "
    "9's changes were chosen on dev errors (all dev batches, the sixth above all), except "
    "four that came from sentences written for them (a public body in lower case after its "
    "place, the issuer of a statement named in its sentence, a business by its legal form, "
    '"the agency" as the public body of that kind), kept because they left every dev row '
    "unchanged; the test articles of batch 6 were read once, to label them, before the "
    "halves were drawn and before any rule was run on them, and their errors were not "
    "looked at (the bench prints test figures on every run, so test rows were seen as "
    "totals). "
    "Before rules version 8 (version 7, same scorer, on these 900 labels), precision / "
    "recall: dev 0.893 / 0.870, test 0.774 / 0.730; batch 5 alone: dev 0.774 / 0.699, test "
    "0.685 / 0.597 (labelled before any rule was run on it: how far version 7, tuned on dev, "
    "carried over to new articles). By case, version 7, dev | test: pronoun 0.901 / 0.948 | "
    "0.758 / 0.761, the ministry / the statement 0.842 / 0.636 | 0.441 / 0.261, continued "
    "quote paragraph 0.908 / 0.898 | 0.795 / 0.831. On the 735 labels of batches 1-4, version"
    " 8: dev 0.922 / 0.920, test 0.779 / 0.764 (version 7: dev 0.922 / 0.917, test 0.788 / "
    "0.753; test by case, version 8 | 7: pronoun 0.724 / 0.737 | 0.754 / 0.772, the ministry "
    "/ the statement 0.500 / 0.368 | 0.467 / 0.289, continued quote paragraph 0.836 / 0.857 |"
    " 0.815 / 0.857). Version 8's changes were chosen on dev errors only (all dev batches, "
    "the fifth included); the test articles of batch 5 were read once, to label them, before "
    "the halves were drawn and before any rule was run on them, and their errors were not "
    "looked at. One change came from outside the set: a topic brief's misattribution traced "
    'to an unlabelled article ("Snap" lengthened to the product "Snap Maps", then "the '
    "company also said\" given to another body); the rule written for it (an organisation's "
    'longer name only its legal one, "Snap Inc."; "the company" the business quoted last, a '
    "one-word name nothing shows to be a person included) is tested on a text written for it."
    " Test moved much less than dev again: the dev half still fits better than new articles "
    "do. Indexing cost 12% of embedding time at version 7 (load 6.2); version 8 parses more "
    'sentences ("found", "ruled" and "estimated that" are cues). Before rules version 7 '
    "(version 6, same scorer, on these 735 labels): dev 0.906 / 0.845, test 0.776 / 0.722 "
    "(batches 3-4 alone: dev 0.892 / 0.771, test 0.798 / 0.715), precision / recall; on the "
    "495 labels of the first two batches: dev 0.910 / 0.871, test 0.762 / 0.727. By case, "
    "version 6 on these labels, dev | test: pronoun 0.863 / 0.842 | 0.737 / 0.754, the "
    "ministry / the statement 0.933 / 0.789 | 0.483 / 0.316, continued quote paragraph 0.954 "
    "/ 0.890 | 0.803 / 0.841. Version 7's changes were chosen on dev errors, with one "
    "exception: two topic-brief positions the briefing bench counted as misattributed were "
    "traced to quotes in two test articles of the first batch (Kelce, Mattel), whose texts "
    'were read for that; the rules written from them (a surname before "Jr", "shout"/"yell" '
    "as cues, a name's pronoun evidence kept to two sentences) are general, but the "
    "first-batch test rows are no longer untouched. The test articles of batches 3-4 were "
    "never looked into: their row is the cleanest held-out figure. Before rules version 6 "
    "(version 5, same scorer, the 495 labels of batches 1-2): dev 0.887 / 0.842 (first 20 "
    "articles 0.882 / 0.882), test 0.757 / 0.722 (first 20 articles 0.784 / 0.794), precision"
    " / recall. By case on test (first 20 | all 14): pronoun 0.654 / 0.720 | 0.588 / 0.636, "
    "the ministry / the statement 0.500 / 0.167 | 0.529 / 0.292, continued quote paragraph "
    "0.839 / 0.867 | 0.795 / 0.838. Version 4: dev 0.802 / 0.753, test 0.759 / 0.713. Version"
    " 6 replaces word patterns by spaCy's parse and entities where it can (a clause before "
    '"the company said", "the company" as the organisation the story is about, "he"/"she" as '
    "the person a sentence has moved on to, never a body); its changes were still chosen on "
    "dev errors only, and moved test much less than dev (see the table).",
)

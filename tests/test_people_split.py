"""The attribution set's dev/test halves are stored per article: labelling more articles never
moves one between halves, and an article labelled without a half is refused by name."""

import pytest

from bench.people_data import batch, labels, split


def test_the_first_twenty_articles_keep_the_halves_drawn_from_sorted_references():
    data = labels()
    first = sorted(batch(data, 1))
    assert len(first) == 20
    halves = split(data)
    assert set(first[0::2]) <= halves["dev"] and set(first[1::2]) <= halves["test"]
    assert not halves["dev"] & halves["test"]


def test_adding_an_article_moves_no_other_between_halves():
    data = labels()
    before = split(data)
    grown = {
        **data,
        "articles": [*data["articles"], {"ref": "examples:aaa-first.txt", "half": "test"}],
        "quotes": [*data["quotes"], {**data["quotes"][0], "article": "examples:aaa-first.txt"}],
    }
    after = split(grown)
    assert after["dev"] == before["dev"]
    assert after["test"] == before["test"] | {"examples:aaa-first.txt"}


def test_an_article_labelled_without_a_half_is_refused_by_name():
    data = labels()
    orphan = {**data, "quotes": [*data["quotes"], {**data["quotes"][0], "article": "seed:new.txt"}]}
    with pytest.raises(ValueError, match=r"people_labels\.json.*seed:new\.txt"):
        split(orphan)


@pytest.mark.parametrize(("number", "size", "seed"), [(7, 9, 19), (8, 8, 21)])
def test_a_later_batch_is_halved_as_drawn_before_the_rules_ran_on_it(number, size, seed):
    import random

    data = labels()
    added = sorted(batch(data, number))
    assert len(added) == size
    halves = split(data)
    drawn = set(random.Random(seed).sample(added, 4))
    assert drawn <= halves["test"] and set(added) - drawn <= halves["dev"]

"""Acceptance (issue 4): of at least 200 labelled name variants - typos, transliterations,
swapped order, missing middle names, other scripts - at least 95% have the right person in
the top 10 of find_names, among the labelled persons and thousands of look-alike distractors,
on each backend."""

from __future__ import annotations

from collections import Counter

from ncen_core.names.find import find_names

from names_support import add_distractors, labelled_persons, officer, open_databases, person_values

DISTRACTOR_PEOPLE = 3_000
DISTRACTOR_COMPANIES = 500


def test_right_person_is_in_the_top_ten_for_95_percent_of_variants(db_url, tmp_path):
    ncen = open_databases(db_url, tmp_path)
    try:
        service = officer(ncen)
        labelled = []
        for person, variants in labelled_persons():
            record_type, values = person_values(person)
            labelled.append(((record_type, service.create(record_type, values).id), variants))
        add_distractors(ncen, DISTRACTOR_PEOPLE, DISTRACTOR_COMPANIES)
        tried, missed = Counter(), Counter()
        for expected, variants in labelled:
            for category, text in variants:
                tried[category] += 1
                top = [hit[:2] for hit in find_names(ncen, text, limit=10)]
                missed[category] += expected not in top
    finally:
        ncen.close()
    assert sum(tried.values()) >= 200
    recall = 1 - sum(missed.values()) / sum(tried.values())
    assert recall >= 0.95, f"recall {recall:.3f}; missed {dict(missed)} of {dict(tried)}"

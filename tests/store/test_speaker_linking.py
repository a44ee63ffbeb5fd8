"""Which stored person a new mention links to, on both databases.

The rule: a stored person (not merged, not kept with one article) is a candidate when one of its aliases'
normalized form ends with the mention's surname, and is linked when every full name of that surname it
carries (aliases and canonical name) agrees with the mention's first name and middle initials, and no
other candidate does. A surname alone never links.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.models import Article, Speaker, SpeakerKind
from app.store.speakers import SpeakerSpec, merge_speakers, resolve_speaker
from tests.test_indexes import full_scans, recorded


def _article(session: Session, text: str) -> Article:
    article = Article(text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    session.add(article)
    session.flush()
    return article


def _person(session: Session, name: str, *aliases: str, text: str | None = None) -> Speaker:
    spec = SpeakerSpec(name=name, kind=SpeakerKind.person, aliases=aliases)
    return resolve_speaker(session, spec, _article(session, text or f"An article naming {name} {aliases}."))


def test_full_names_of_one_person_link(session: Session) -> None:
    kirby = _person(session, "John F. Kirby")
    assert _person(session, "John Kirby").id == kirby.id
    assert _person(session, "JOHN KIRBY", text="in capitals").id == kirby.id  # case is folded
    assert _person(session, "Rear Adm. John Kirby", text="with a title").id == kirby.id
    assert _person(session, "Jöhn Kirby", text="with an accent").id == kirby.id  # accents are folded


def test_other_people_of_the_surname_do_not_link(session: Session) -> None:
    kirby = _person(session, "John F. Kirby")
    assert _person(session, "Jane Kirby").id != kirby.id  # another first name
    assert _person(session, "John Q. Kirby").id != kirby.id  # a contradicting middle initial
    assert _person(session, "Kirby").id != kirby.id  # a surname alone links nobody
    assert _person(session, "John Kirbyson").id != kirby.id  # the surname is the whole last word


def test_a_surname_inside_a_longer_word_does_not_link(session: Session) -> None:
    smith = _person(session, "Anna Goldsmith")
    assert _person(session, "Anna Smith").id != smith.id
    jones = _person(session, "Mary Smith-Jones")
    assert _person(session, "Mary Jones").id != jones.id  # a double-barrelled surname is one surname


def test_an_alias_ending_in_a_suffix_does_not_make_a_candidate(session: Session) -> None:
    """ "John Smith Jr." is normalized "john smith jr", which does not end with "smith" (the surname once the
    suffix is dropped): the stored person is not found for "John Smith", nor for the same name again."""
    junior = _person(session, "John Smith Jr.")
    assert _person(session, "John Smith").id != junior.id
    assert _person(session, "John Smith Jr.", text="the same name again").id != junior.id


def test_any_alias_makes_the_candidate(session: Session) -> None:
    """An alias of the surname that is no full name ("Mr. Reyes") finds the person; the full name decides."""
    reyes = _person(session, "Luis Reyes", "Mr. Reyes")
    assert _person(session, "Luis Reyes", text="again").id == reyes.id
    assert _person(session, "Luis M. Reyes").id == reyes.id
    assert reyes.name == "Luis M. Reyes"  # the fullest form becomes the canonical name


def test_two_fitting_people_link_neither(session: Session) -> None:
    first = _person(session, "Ana Diaz", text="one")
    second = Speaker(kind=SpeakerKind.person, name="Ana Diaz")  # as a researcher's split leaves them
    session.add(second)
    session.flush()
    from app.store.speakers import add_alias

    add_alias(session, second, "Ana Diaz")
    session.flush()
    third = _person(session, "Ana Diaz", text="two")
    assert third.id not in (first.id, second.id)


def test_a_merged_speaker_is_no_candidate(session: Session) -> None:
    source = _person(session, "Pat Quinn", text="one")
    target = _person(session, "Patricia Quinn", text="two")
    merge_speakers(session, source, target, actor="test")
    # The target now carries "Pat Quinn" and "Patricia Quinn": contradicting first names, so it does not
    # link; the merged source is never a candidate.
    found = _person(session, "Pat Quinn", text="three")
    assert found.id not in (source.id, target.id)


def test_per_article_and_other_kinds_are_no_candidates(session: Session) -> None:
    outlet = resolve_speaker(session, SpeakerSpec(name="Tom Baker", kind=SpeakerKind.outlet), _article(session, "o"))
    assert _person(session, "Tom Baker").id != outlet.id


def _plan(connection: Connection, statement: str, parameters: Any) -> str:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
        return "\n".join(str(row[-1]) for row in rows)
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    return "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))


def test_the_person_lookup_seeks_the_surname(session: Session) -> None:
    """The candidates are found through the surname index, not by reading every alias or every person."""
    _person(session, "John F. Kirby")
    connection = session.connection()
    with recorded(connection) as statements:
        _person(session, "John Kirby", text="looked up")
    lookups = [(s, p) for s, p in statements if "speaker_alias.surname IN" in s]
    assert len(lookups) == 1
    statement, parameters = lookups[0]
    assert not full_scans(connection, statement, parameters)
    assert "ix_speaker_alias_surname" in _plan(connection, statement, parameters)


@pytest.mark.parametrize("name", ["O'Brien", "Sean O'Brien"])
def test_apostrophes_stay_in_the_surname(session: Session, name: str) -> None:
    obrien = _person(session, "Sean O'Brien")
    assert (_person(session, name, text=f"again {name}").id == obrien.id) is (name == "Sean O'Brien")


def test_a_role_has_an_article_as_evidence_once(session: Session) -> None:
    """Recording a role an article showed again (a re-extraction) adds no second evidence of that article."""
    from app.store.speakers import record_role

    kirby = _person(session, "John F. Kirby")
    first, later = _article(session, "first"), _article(session, "later")
    for article in (first, first, later):
        record_role(session, kirby, article, " spokesman ", "Pentagon", (0, 5))
    record_role(session, kirby, later, "", "  ")  # no title, no organization: nothing to record
    [role] = kirby.roles
    assert (role.title, role.organization) == ("spokesman", "Pentagon")
    assert sorted(e.article_id for e in role.evidence) == [first.id, later.id]
    assert role.evidence[0].mention_start == 0

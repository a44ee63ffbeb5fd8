"""`insert_rows` (one INSERT from arrays on PostgreSQL, an executemany on SQLite) leaves the rows an INSERT leaves;
inside `overlapping`, PostgreSQL is sent them without being waited for, and waited for before anything else."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, Table, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.models import ArticleRegion, RegionKind, RoleEvidence, Speaker, SpeakerAlias, SpeakerKind, SpeakerRole
from app.store.articles import ArticleInput, ingest_article
from app.store.rows import _array_literal, insert_rows, overlapping, update_values
from app.store.widths import clip_rows, clip_values


def _rows(session: Session, table: Table) -> list[tuple[object, ...]]:
    columns = [c for c in table.columns if c.name != "id"]
    return [tuple(r) for r in session.execute(select(*columns).order_by(*columns))]


def test_the_rows_are_those_an_insert_leaves(session: Session) -> None:
    article = ingest_article(session, ArticleInput(text="A line.\n\nAnother line.\n", extract=False)).article
    other = ingest_article(session, ArticleInput(text="A third line.\n", extract=False)).article
    speaker = Speaker(kind=SpeakerKind.person, name="A Person")
    session.add(speaker)
    session.flush()
    role = SpeakerRole(speaker_id=speaker.id, title="mayor", organization="")
    session.add(role)
    session.flush()
    cases: list[tuple[Table, list[dict[str, object]]]] = [
        (
            ArticleRegion.__table__,
            [
                {"article_id": article.id, "start": 0, "end": 7, "kind": RegionKind.headline},
                {"article_id": article.id, "start": 9, "end": 22, "kind": RegionKind.repeat},
            ],
        ),
        (  # quoting characters, a NULL, and a name over its column's width (cut, as `clip_rows` cuts an INSERT's)
            SpeakerAlias.__table__,
            [
                {"speaker_id": speaker.id, "alias": "Ms O'Brien\t“q”\\N", "normalized": "o,brien", "surname": None},
                {"speaker_id": speaker.id, "alias": "x" * 400, "normalized": "x" * 301, "surname": "x"},
            ],
        ),
        (
            RoleEvidence.__table__,
            [
                {
                    "role_id": role.id,
                    "article_id": article.id,
                    "observed_on": None,
                    "mention_start": None,
                    "mention_end": None,
                },
                {
                    "role_id": role.id,
                    "article_id": other.id,
                    "observed_on": date(2016, 2, 29),
                    "mention_start": 0,
                    "mention_end": 4,
                },
            ],
        ),
    ]
    for table, rows in cases:
        insert_rows(session.connection(), table, rows)
        copied = _rows(session, table)
        session.execute(table.delete())
        session.execute(insert(table), clip_rows(table, rows))
        assert copied == _rows(session, table)
        assert len(copied) == 2


def test_rows_updated_by_id_are_those_an_update_leaves(session: Session) -> None:
    """An enum, a flag, a NULL and an over-long string (cut to its column) set on some rows by id; others untouched."""
    table = Speaker.__table__
    changes = [  # (kind, descriptor, plural) of the first three rows
        (SpeakerKind.organization, "z" * 400, True),
        (SpeakerKind.anonymous, None, False),
        (SpeakerKind.person, "a spokeswoman", None),
    ]

    def fresh_speakers() -> list[int]:
        session.execute(table.delete())
        made = [Speaker(kind=SpeakerKind.person, name=f"P {i}", descriptor="d", plural=False) for i in range(5)]
        session.add_all(made)
        session.flush()
        return [s.id for s in made]

    def speakers() -> list[tuple[object, ...]]:
        return [tuple(r) for r in session.execute(select(Speaker.kind, Speaker.descriptor, Speaker.plural))]

    ids = fresh_speakers()
    rows = [[i, *c] for i, c in zip(ids, changes, strict=False)]
    update_values(session.connection(), table, ["kind", "descriptor", "plural"], rows)
    by_values = speakers()
    for i, (kind, descriptor, plural) in zip(fresh_speakers(), changes, strict=False):
        [values] = clip_rows(table, [{"kind": kind, "descriptor": descriptor, "plural": plural}])
        session.execute(update(table).where(table.c.id == i).values(values))
    assert sorted(by_values, key=repr) == sorted(speakers(), key=repr)
    assert sum(1 for r in by_values if r[0] == SpeakerKind.person) == 3
    assert max(len(str(r[1] or "")) for r in by_values) == 300


def test_an_update_a_constraint_refuses_is_the_error_sqlalchemy_raises(session: Session) -> None:
    article = ingest_article(session, ArticleInput(text="A line.\n", extract=False)).article
    insert_rows(
        session.connection(),
        ArticleRegion.__table__,
        [{"article_id": article.id, "start": 0, "end": 7, "kind": RegionKind.repeat}],
    )
    region = session.scalar(select(ArticleRegion.id).order_by(ArticleRegion.id.desc()))
    with pytest.raises(IntegrityError):
        update_values(session.connection(), ArticleRegion.__table__, ["kind"], [[region, None]])


def test_a_column_whose_default_python_computes_must_be_given(session: Session) -> None:
    with pytest.raises(ValueError, match=r"speaker\.created_at"):
        insert_rows(session.connection(), Speaker.__table__, [{"kind": SpeakerKind.person, "name": "B"}])


def test_a_refused_row_is_the_error_sqlalchemy_raises(session: Session) -> None:
    """A constraint the rows break is an IntegrityError (the API's 409, an ingest problem), not a driver error."""
    article = ingest_article(session, ArticleInput(text="A line.\n", extract=False)).article
    rows = [{"article_id": article.id, "start": 0, "end": 7, "kind": None}]
    with pytest.raises(IntegrityError):
        insert_rows(session.connection(), ArticleRegion.__table__, rows)


def test_a_connection_lost_mid_load_is_invalidated_and_says_so(migrated_engine: Engine) -> None:
    """The server ends the connection under a bulk insert (a closed handle on SQLite): the error says the connection
    was lost, as SQLAlchemy's own statements do, so a bulk ingest stops instead of failing every article."""
    rows = [{"article_id": 1, "start": 0, "end": 7, "kind": RegionKind.headline}]
    with migrated_engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if migrated_engine.dialect.name == "postgresql":
            pid = conn.scalar(text("SELECT pg_backend_pid()"))
            with migrated_engine.connect() as other:
                assert other.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        else:
            raw.close()  # type: ignore[union-attr]
        with pytest.raises(DBAPIError) as caught:
            insert_rows(conn, ArticleRegion.__table__, rows)
        assert caught.value.connection_invalidated
        assert conn.invalidated


def test_values_are_cut_to_their_columns_only_where_over_long() -> None:
    table = SpeakerAlias.__table__
    names = ["speaker_id", "alias", "normalized", "surname"]
    fitting = [(1, "Ms Roe", "roe", "roe"), (2, "Mr Doe", "doe", None)]
    assert clip_values(table, names, fitting) is fitting  # nothing copied when nothing is over-long
    long = [(1, "a" * 400, "roe", None), (2, "Mr Doe", "n" * 301, "doe")]
    widths = [table.c[n].type.length for n in ("alias", "normalized")]
    assert clip_values(table, names, long) == [[1, "a" * widths[0], "roe", None], [2, "Mr Doe", "n" * widths[1], "doe"]]


def _pipelined(session: Session) -> bool:
    """Whether the connection's driver has statements out in pipeline mode (PostgreSQL)."""
    driver = session.connection().connection.dbapi_connection
    return getattr(driver, "_pipeline", None) is not None


def test_rows_sent_without_waiting_are_written_before_the_next_statement_runs(session: Session, backend: str) -> None:
    article = ingest_article(session, ArticleInput(text="A line.\n\nAnother line.\n", extract=False)).article
    rows = [{"article_id": article.id, "start": 0, "end": 7, "kind": RegionKind.repeat}]
    conn = session.connection()
    with overlapping(conn):
        insert_rows(conn, ArticleRegion.__table__, rows)
        update_values(conn, ArticleRegion.__table__, ["end"], [[0, 1]])  # no such row: a no-op, sent all the same
        assert _pipelined(session) == (backend == "postgresql")  # out, not waited for
        counted = session.scalar(select(func.count()).where(ArticleRegion.article_id == article.id))
        assert not _pipelined(session)
        assert counted == 1
        insert_rows(conn, ArticleRegion.__table__, rows)
    assert not _pipelined(session)  # the block's end waited for the second
    assert session.scalar(select(func.count()).where(ArticleRegion.article_id == article.id)) == 2


def test_an_error_in_rows_sent_without_waiting_is_raised_inside_the_block(session: Session) -> None:
    """The server refuses a row after the call returned: the block's end raises it, as SQLAlchemy raises one, so
    the caller's savepoint rolls the block back, and the connection goes on."""
    article = ingest_article(session, ArticleInput(text="A line.\n", extract=False)).article
    good = {"article_id": article.id, "start": 0, "end": 7, "kind": RegionKind.repeat}
    with pytest.raises(IntegrityError), session.begin_nested():
        conn = session.connection()  # the savepoint emitted
        with overlapping(conn):
            insert_rows(conn, ArticleRegion.__table__, [good])
            insert_rows(conn, ArticleRegion.__table__, [{**good, "kind": None}])
    assert not _pipelined(session)
    assert session.scalar(select(func.count()).where(ArticleRegion.article_id == article.id)) == 0
    with overlapping(conn):
        insert_rows(conn, ArticleRegion.__table__, [good])
    assert session.scalar(select(func.count()).where(ArticleRegion.article_id == article.id)) == 1


def test_a_connection_lost_under_rows_sent_without_waiting_is_invalidated_and_says_so(migrated_engine: Engine) -> None:
    rows = [{"article_id": 1, "start": 0, "end": 7, "kind": RegionKind.headline}]
    with migrated_engine.connect() as conn, pytest.raises(DBAPIError) as caught, overlapping(conn):
        if migrated_engine.dialect.name == "postgresql":
            pid = conn.scalar(text("SELECT pg_backend_pid()"))
            with migrated_engine.connect() as other:
                assert other.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        else:
            conn.connection.dbapi_connection.close()  # type: ignore[union-attr]
        insert_rows(conn, ArticleRegion.__table__, rows)
        insert_rows(conn, ArticleRegion.__table__, rows)
    assert caught.value.connection_invalidated


def test_strings_an_array_literal_must_escape_come_back_as_written(session: Session) -> None:
    """Values go to PostgreSQL as arrays' text forms (`rows._array_literal`): marks that the form itself uses,
    the word NULL, an empty string, line breaks, a flag and a time are stored as an INSERT stores them."""
    speaker = Speaker(kind=SpeakerKind.person, name="A Person")
    session.add(speaker)
    session.flush()
    awkward = ['say "no", {or} \\ yes', "NULL", "", "line\nbreak\ttab", "“curly” ‘marks’ ünïcode", "\\", '"']
    table = SpeakerAlias.__table__
    rows = [{"speaker_id": speaker.id, "alias": a, "normalized": a, "surname": a or None} for a in awkward]
    insert_rows(session.connection(), table, rows)
    copied = _rows(session, table)
    session.execute(table.delete())
    session.execute(insert(table), clip_rows(table, rows))
    assert copied == _rows(session, table)
    assert {r[1] for r in copied} == set(awkward)


def test_an_array_literal_is_left_to_the_driver_for_values_it_does_not_write() -> None:
    assert _array_literal([1, None, 2.5, True, "a"]) == '{1,NULL,2.5,t,"a"}'
    assert _array_literal([3, 4.5]) == "{3,4.5}" and _array_literal([True, False]) == "{t,f}"  # flags are no numbers
    assert _array_literal(['a "b"', "c\\"]) == '{"a \\"b\\"","c\\\\"}' and _array_literal([]) == "{}"
    assert _array_literal([datetime(2026, 1, 2, 3, 4, 5)]) == '{"2026-01-02T03:04:05"}'
    assert _array_literal([datetime(2026, 1, 2, tzinfo=UTC)]) is None  # a zone: the driver converts it
    assert _array_literal([SpeakerKind.person]) is None

"""The tallies stay exact as attributions, articles and speakers change, on both databases: every facet and
every sourcing statistic read from them equals a plain GROUP BY over the same rows."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, func, select, update
from sqlalchemy.orm import Session

from app.db import make_engine, make_sessionmaker
from app.models import (
    Article,
    Attribution,
    AttributionKind,
    AttributionTally,
    Outlet,
    QuoteType,
    Speaker,
    SpeakerKind,
    SpeakerTally,
    SpeakerTotal,
    Stance,
    Status,
)
from app.queries import attributions, fts, stats
from app.queries import facets as facet_queries
from app.queries.attributions import AttributionFacet, AttributionFilters, AttributionSort
from app.queries.fts import newest_matches
from app.queries.tally import tally_for
from app.store.rows import insert_ids
from app.store.speakers import merge_speakers
from app.store.tally import rebuild_tallies
from tests.conftest import BACKENDS, fresh_database_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate_attributions import generate


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    gen = fresh_database_url(request.param, tmp_path)
    url = next(gen)
    generate(url, 2000, per_article=20, seed=3)  # bulk load, triggers set aside, tallies rebuilt
    engine = make_engine(url)
    yield engine
    engine.dispose()
    gen.close()


def _tally_rows(session: Session) -> dict[Any, set[tuple[Any, ...]]]:
    out = {}
    for model in (AttributionTally, SpeakerTally, SpeakerTotal):
        columns = [c for c in model.__table__.columns]
        out[model] = {tuple(r) for r in session.execute(select(*columns).where(model.n != 0))}
    return out


def _change_everything(session: Session) -> None:
    """Inserts, updates of every counted column, merges, kind changes, moves and deletes."""
    ids = list(session.scalars(select(Attribution.id).order_by(Attribution.id)))
    people = list(session.scalars(select(Speaker).where(Speaker.kind == SpeakerKind.person).order_by(Speaker.id)))
    outlets = list(session.scalars(select(Outlet.id).order_by(Outlet.id)))
    articles = list(session.scalars(select(Article.id).order_by(Article.id)))
    # New attributions through the ORM, one without a speaker.
    template = session.get(Attribution, ids[0])
    assert template is not None
    for n, speaker in enumerate([people[0], people[1], None]):
        session.add(
            Attribution(
                article_id=articles[n],
                speaker_id=speaker.id if speaker else None,
                claim_id=template.claim_id,
                content_start=0,
                content_end=5,
                content_text="added",
                quote_type=QuoteType.mixed,
                stance=Stance.denies,
                kind=AttributionKind.belief,
                status=Status.suggested,
                anonymous=speaker is None,
            )
        )
    session.flush()
    # New attributions in one statement, as an ingest writes them: several in one count.
    insert_ids(
        session.connection(), Attribution, [_bulk_row(template, articles[n % 2], people[n % 3].id) for n in range(7)]
    )
    # Status, kind, quote type, stance, anonymity, speaker changes.
    session.execute(update(Attribution).where(Attribution.id.in_(ids[10:60])).values(status=Status.rejected))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[60:90])).values(status=Status.confirmed))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[90:110])).values(kind=AttributionKind.evidence))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[110:130])).values(quote_type=QuoteType.mixed))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[130:140])).values(stance=Stance.hedged))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[140:150])).values(anonymous=True))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[150:170])).values(speaker_id=people[2].id))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[170:180])).values(speaker_id=None))
    # Relays: a speaker of kind outlet, then one that stops being an outlet, and a document.
    relay = Speaker(kind=SpeakerKind.outlet, name="Relay Wire")
    session.add(relay)
    session.flush()
    session.execute(update(Attribution).where(Attribution.id.in_(ids[180:220])).values(via_speaker_id=relay.id))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[200:205])).values(speaker_id=relay.id))
    session.execute(update(Speaker).where(Speaker.id == people[3].id).values(kind=SpeakerKind.document))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[220:240])).values(via_speaker_id=people[4].id))
    session.execute(update(Speaker).where(Speaker.id == people[4].id).values(kind=SpeakerKind.outlet))
    # A merge moves attributions and relays from one speaker to another.
    merge_speakers(session, people[5], people[6], actor="test")
    # Articles change outlet and date (one loses both), one moves its attributions' article.
    session.execute(update(Article).where(Article.id == articles[5]).values(outlet_id=outlets[-1]))
    session.execute(update(Article).where(Article.id == articles[6]).values(outlet_id=None, published_at=None))
    session.execute(update(Article).where(Article.id == articles[7]).values(published_at=func.current_timestamp()))
    session.execute(update(Attribution).where(Attribution.id.in_(ids[400:405])).values(article_id=articles[8]))
    # Deletes: attributions, a speaker (its attributions lose it), an article (cascading), an outlet.
    session.execute(delete(Attribution).where(Attribution.id.in_(ids[300:340])))
    session.execute(delete(Speaker).where(Speaker.id == people[7].id))
    session.execute(delete(Speaker).where(Speaker.id == relay.id))
    session.execute(delete(Article).where(Article.id == articles[9]))
    anonymous = session.scalar(select(Speaker.id).where(Speaker.kind == SpeakerKind.anonymous).limit(1))
    session.execute(delete(Speaker).where(Speaker.id == anonymous))
    session.execute(delete(Outlet).where(Outlet.id == outlets[0]))
    session.flush()


def _bulk_row(template: Attribution, article_id: int, speaker_id: int | None, text: str = "added") -> dict[str, Any]:
    """An attribution's row as the bulk writer inserts it."""
    return {
        "article_id": article_id,
        "speaker_id": speaker_id,
        "claim_id": template.claim_id,
        "content_start": 0,
        "content_end": len(text),
        "content_text": text,
        "quote_type": QuoteType.indirect,
        "stance": Stance.asserts,
        "kind": AttributionKind.speech,
        "status": Status.suggested,
        "anonymous": False,
        "origin": template.origin,
        "edited": False,
    }


_FILTERS = [
    AttributionFilters(),
    AttributionFilters(anonymous=True),
    AttributionFilters(anonymous=False, kind=["all"]),
    AttributionFilters(status=[Status.rejected, Status.confirmed]),
    AttributionFilters(kind=[AttributionKind.evidence, AttributionKind.speech]),
    AttributionFilters(outlet=["Synthetic Outlet 3", "5"]),
    AttributionFilters(speaker_kind=[SpeakerKind.person, SpeakerKind.document]),
    AttributionFilters(quote_type=[QuoteType.mixed], stance=[Stance.denies, Stance.asserts]),
    AttributionFilters(speaker=[1, 2, 3, 7]),
]


def _row_facet(session: Session, f: AttributionFilters, name: AttributionFacet) -> list[dict[str, Any]]:
    """The facet as a plain GROUP BY over the matching rows (no tally), in the API's shape."""
    if name in facet_queries._SMALL_FACETS:
        return facet_queries._small_facets(session, f, [name])[name]
    limit = facet_queries.FACET_LIMIT if name in facet_queries._TOP else None
    rows = facet_queries._row_counts(session, f, name, limit)
    if name == AttributionFacet.month:
        return [{"value": v, "label": v, "count": n} for v, n in rows]
    labelled = facet_queries._labelled(session, facet_queries._TOP[name], rows[: facet_queries.FACET_LIMIT])
    return labelled if name == AttributionFacet.speaker else [{**v, "value": v["label"]} for v in labelled]


def _article_pages(session: Session, f: AttributionFilters) -> list[dict[str, Any]]:
    """The statistics per article, page after page (keyset) as the API gives them, end to end."""
    out, cursor = [], None
    while True:
        groups, cursor = stats.sourcing_page(session, stats.SourcingGroup.article, f, 7, cursor)
        out += groups
        if cursor is None:
            return out


def _check_equal_to_rows(session: Session) -> int:
    """Every facet and statistic under every filter set equals the rows' GROUP BY; how many came from a tally."""
    from_tally = 0
    article = stats.SourcingGroup.article
    for f in _FILTERS:
        got = facet_queries.facets(session, f, list(AttributionFacet))
        for name in AttributionFacet:
            assert got.counts[name] == _row_facet(session, f, name), (name, f)
            from_tally += tally_for(f, name.value) is not None
        for group in (stats.SourcingGroup.outlet, stats.SourcingGroup.speaker_kind, stats.SourcingGroup.month):
            rows = stats._folded([group], stats._counted_rows(session, [group], f))[group]
            assert stats.sourcing(session, group, f) == rows, (group, f)
            from_tally += tally_for(f, group.value) is not None
        per_article = stats._folded([article], stats._counted_rows(session, [article], f))[article]
        assert _article_pages(session, f) == per_article, f
        both = [stats.SourcingGroup.outlet, stats.SourcingGroup.month]
        assert stats.sourcing_by(session, both, f) == stats._folded(both, stats._counted_rows(session, both, f))
    return from_tally


def test_tallies_equal_a_group_by_after_every_kind_of_change(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        assert session.scalar(select(func.sum(AttributionTally.n))) == session.scalar(
            select(func.count()).select_from(Attribution)
        )
        assert _check_equal_to_rows(session) > 40  # most questions are answered by a tally
        _change_everything(session)
        kept = _tally_rows(session)
        assert _check_equal_to_rows(session) > 40
        rebuild_tallies(session)
        assert _tally_rows(session) == kept  # the triggers left exactly what a rebuild counts
        session.rollback()


def test_facets_say_when_they_list_only_the_top_values(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        got = facet_queries.facets(session, AttributionFilters(), [AttributionFacet.speaker, AttributionFacet.outlet])
        assert got.truncated == ["speaker"]  # some 350 people and the anonymous sources; 20 outlets
        assert len(got.counts[AttributionFacet.speaker]) == facet_queries.FACET_LIMIT
        assert len(got.counts[AttributionFacet.outlet]) == 20


def test_search_facets_count_the_newest_matches_and_say_when_more_matched(engine: Engine) -> None:
    """A search's facets equal a plain GROUP BY over its newest matches that pass the other filters; with
    every match read they equal the facets of every match, and pages and counts are the same either way."""
    names = [AttributionFacet.speaker, AttributionFacet.outlet, AttributionFacet.quote_type]
    read_all: set[bool] = set()
    with make_sessionmaker(engine)() as session:
        for f in (AttributionFilters(q="harbour budget"), AttributionFilters(q="harbour", anonymous=False)):
            assert f.q is not None
            every = newest_matches(session, f.q, bound=10**6)
            assert every.complete and every.ids == sorted(every.ids, reverse=True)
            exact = facet_queries.facets(session, f, names)
            got = facet_queries.facets(session, f, names, every)
            assert got.counts == exact.counts and not got.partial
            assert got.counted == attributions.count(session, f) == attributions.count(session, f, every)
            newest = newest_matches(session, f.q, bound=40)
            assert newest.sample == every.ids[:40] and newest.partial
            read_all.add(newest.complete)  # sparse matches are all read; dense ones walked
            part = facet_queries.facets(session, f, names, newest)
            kept = select(Attribution.id).where(Attribution.id.in_(newest.sample), *attributions.conditions(session, f))
            by_outlet = session.execute(
                select(Article.outlet_id, func.count())
                .select_from(Attribution)
                .join(Article, Article.id == Attribution.article_id)
                .where(Attribution.id.in_(kept))
                .group_by(Article.outlet_id)
            ).all()
            names_of = dict(session.execute(select(Outlet.id, Outlet.name)).all())
            assert {v["label"]: v["count"] for v in part.counts[AttributionFacet.outlet]} == {
                names_of[o]: n for o, n in by_outlet
            }
            assert part.partial and part.counted == session.scalar(select(func.count()).select_from(kept.subquery()))
            for sort in AttributionSort:
                pages = [attributions.page_ids(session, f, sort, 25, None, m) for m in (None, every, newest)]
                assert pages[0] == pages[1] == pages[2], sort
    assert read_all == {True, False}


def test_a_search_the_planner_would_sort_reads_its_matches_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where PostgreSQL's plan for the newest matches reads every match (a sort over them), they are read once;
    whichever way they are read, the newest matches are the same."""
    reads: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if not statement.startswith("EXPLAIN") and ("attribution_search" in statement or "MATCH" in statement):
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    planned: set[bool] = set()
    read_past_bound = False  # a sorting plan met more matches than the bound, and they were read once
    with make_sessionmaker(engine)() as session:
        for q in ("drones supplies river court", "harbour budget", "harbour", "harbour OR budget"):
            for bound in (5, 40, 100, 400, 2000):
                reads.clear()
                got = newest_matches(session, q, bound)
                sorts = fts._plan_reads_every_match(session, q, bound + 1)
                planned.add(sorts)
                if sorts:
                    assert len(reads) == 1, (q, bound)
                    read_past_bound |= len(got.ids) > bound or not got.complete
                with monkeypatch.context() as m:
                    m.setattr(fts, "_plan_reads_every_match", lambda *args: False)
                    assert newest_matches(session, q, bound) == got, (q, bound)
    assert planned == ({True, False} if engine.dialect.name == "postgresql" else {False})
    assert read_past_bound == (engine.dialect.name == "postgresql")


def test_newest_matches_follow_inserts_edits_and_deletes(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        template = session.scalars(select(Attribution).order_by(Attribution.id).limit(1)).one()
        added = Attribution(
            article_id=template.article_id,
            claim_id=template.claim_id,
            content_start=0,
            content_end=5,
            content_text="harbour budget",
            quote_type=QuoteType.direct,
            kind=AttributionKind.speech,
            status=Status.suggested,
        )
        session.add(added)
        session.flush()
        assert newest_matches(session, "budget harbour", bound=1).ids == [added.id]
        [*_, last] = insert_ids(
            session.connection(),
            Attribution,
            [_bulk_row(template, template.article_id, None, "harbour budget") for _ in range(3)],
        )
        assert newest_matches(session, "budget harbour", bound=4).ids == [last, last - 1, last - 2, added.id]
        added.content_text = "council vote"
        session.flush()
        assert newest_matches(session, "budget harbour", bound=1).ids != [added.id]
        assert newest_matches(session, "council vote", bound=1).ids == [added.id]
        session.delete(added)
        session.flush()
        assert added.id not in newest_matches(session, "council vote", bound=10**6).ids
        session.rollback()

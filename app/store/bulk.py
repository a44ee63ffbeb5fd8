"""The bulk writer: every new article, of an ingest batch or alone (`ingest_article`, a batch of one, what the
API runs), stored with Core statements (a few dozen an article, each for all its rows of one table) instead of
the ORM's unit of work, leaving exactly the rows that the ORM path `store_extraction` (left for `reextract`)
leaves (the same ids, in the same order; `tests/ingest/test_batched_writes.py`,
`tests/ingest/test_bulk_writer.py` and `benchmarks/ingest_throughput.py --compare` check it).

What the batch reads (speakers, claims, clusters' reports, outlets) stays in memory for the next articles,
and everything it writes is added to that, so the memory is the database as this transaction sees it. An
article that fails is rolled back to its savepoint by the caller, which then calls `reset`: the memory is
dropped and read again as needed. On SQLite the batch holds the write lock, so nothing else changes under
it; on PostgreSQL a change another transaction commits during a batch (a speaker merged through the API)
is seen from the next batch on, where the ORM path would see it from the next article on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.extraction.types import ArticleExtraction
from app.models import (
    COUNTED_KINDS,
    Article,
    ArticleRegion,
    Attribution,
    OutletKind,
    RegionKind,
    SpeakerKind,
    Stance,
    Status,
)
from app.models.base import utcnow
from app.store.among import among
from app.store.attributions import AttributionFields, check_span
from app.store.bulk_clusters import ClaimIndex, ClaimRow, ClusterIndex, KeyIndex, insert_statements
from app.store.bulk_speakers import SpeakerIndex, SpeakerRow
from app.store.claims import LOOKUP_CHUNK
from app.store.clusters import _NOT_STATED, Report, statement_spans
from app.store.extraction import _fields, _makes_cycle, _speaker_spec
from app.store.outlets import get_or_create_outlet, outlet_for_url, url_domain
from app.store.preconditions import lock_key, lock_keys
from app.store.rows import insert_ids, insert_rows, overlapping
from app.store.speakers import relay_spec
from app.store.widths import clip_rows

if TYPE_CHECKING:
    from app.store.articles import PreparedArticle


@dataclass(slots=True)
class Written:
    """What storing one article did."""

    duplicate: bool
    added: int = 0  # attributions stored
    left_out: int = 0  # below the confidence threshold


# An attribution to insert: its fields, claim, speaker and relaying speaker.
_Row = tuple[AttributionFields, ClaimRow, SpeakerRow | None, SpeakerRow | None]


@dataclass(slots=True)
class _Text:
    """What `check_span` reads of an article."""

    text: str


_STORED = select(Article.content_hash).where(among(Article.content_hash, "digests"))


def stored_digests(conn: Connection | Session, digests: list[str]) -> set[str]:
    """Which of these texts (digests) are stored: a statement a few hundred."""
    out: set[str] = set()
    for i in range(0, len(digests), LOOKUP_CHUNK):
        out.update(conn.scalars(_STORED, {"digests": digests[i : i + LOOKUP_CHUNK]}))
    return out


def _insert_order(count: int, flushed: int, links: dict[int, int]) -> list[int]:
    """The order the ORM path inserts an article's attributions in, so that they get the same ids.

    The ones made before its last flush (`flushed`) go first, as made; the rest go with their parent links,
    parents before children: by depth among the rows of that last flush (a row flushed earlier counts there
    when it gains a parent), then as made."""
    depth: dict[int, int] = {}

    def depth_of(n: int) -> int:
        if n not in depth:
            parent = links.get(n)
            depth[n] = 0
            if parent is not None and (parent >= flushed or parent in links):
                depth[n] = depth_of(parent) + 1
        return depth[n]

    return list(range(flushed)) + sorted(range(flushed, count), key=lambda n: (depth_of(n), n))


class BulkWriter:
    """Writes new articles into the session's transaction; one per transaction (see the module's note)."""

    def __init__(self, session: Session, keys: KeyIndex | None = None) -> None:
        """`keys`: the claim keys an earlier batch's writer held (`keys()`), given only when nothing but that
        batch has changed the database since it committed (the caller checks): its postings are then the
        database's, and reading them again is what makes each batch cost more as the corpus grows."""
        self.session = session
        self._kept_keys = keys
        self.locked: set[str] = set()  # the texts (digests) `prefetch` locked, outside any article's savepoint
        self.reset()

    @staticmethod
    def warm_up() -> None:
        """Load now what the first article's write would load (the stop-word list of the content keys,
        about 1.8 s of CPU), e.g. while extraction workers start."""
        from app.text.propositions import content_keys

        content_keys("warm up")

    def reset(self) -> None:
        """Forget what was read and written (after an article's savepoint was rolled back)."""
        self.conn = self.session.connection()
        self.outlets: dict[tuple[str, str | None, str | None, str | None], int | None] = {}
        self.speakers = SpeakerIndex(self.conn, self._outlet_named)
        self.claims = ClaimIndex(self.conn)
        self.clusters = ClusterIndex(self.session, self._kept_keys)
        self._kept_keys = None  # after a failed article, everything is read again
        self.stored: dict[str, bool] = {}  # whether a text is stored, where known (as this transaction sees it)
        self.published: datetime | None = None  # of the article being written
        self.regions: list[tuple[int, int, RegionKind]] = []
        self.reported: dict[int, ClaimRow] = {}

    def keys(self) -> KeyIndex:
        """The claim keys held: what this writer read and wrote, the database's once its transaction commits."""
        return self.clusters.index

    def prefetch(self, batch: list[PreparedArticle]) -> None:
        """Read at once the candidates of every speaker the batch names and the claims of every content-word key
        of its texts; lock the batch's texts and learn which are stored (`write` would take two statements an
        article for it)."""
        self._lock([p.digest for p in batch])
        self.speakers.prefetch(
            _speaker_spec(e) for p in batch if p.extraction is not None for e in p.extraction.entities
        )
        self.clusters.prefetch({text: found for p in batch for text, found in p.stems.items()})

    def _lock(self, digests: list[str]) -> None:
        """`lock_key` for these texts, in one statement (in key order: two batches never wait on each other in a
        ring), and whether each is stored."""
        new = sorted(set(digests) - self.locked)
        if new:
            lock_keys(self.session, new)
            self.locked.update(new)
            found = stored_digests(self.conn, new)
            self.stored.update((d, d in found) for d in new)

    # -- outlets (rare, through the ORM's functions, remembered) ---------------------------------------------

    def _outlet(self, key: tuple[str, str | None, str | None, str | None]) -> int | None:
        if key not in self.outlets:
            how, name, kind, domain = key
            if how == "url":
                outlet = outlet_for_url(self.session, name)
            else:
                outlet = get_or_create_outlet(self.session, name or "", OutletKind(kind) if kind else None, domain)
            self.session.flush()
            outlet_id = outlet.id if outlet is not None else None
            if outlet_id is not None and outlet_id not in self.outlets.values():
                self.outlets.clear()  # perhaps a new outlet, which another name's lookup may now find
            self.outlets[key] = outlet_id
        return self.outlets[key]

    def _outlet_named(self, name: str) -> int:
        outlet_id = self._outlet(("name", name, None, None))
        assert outlet_id is not None
        return outlet_id

    # -- an article -----------------------------------------------------------------------------------------

    def write(self, prepared: PreparedArticle, min_confidence: float | None = None) -> Written:
        """A prepared article: its row, regions, speakers, claims, attributions, roles,
        statements and clusters; a text already stored is a duplicate."""
        # The session emits a savepoint the caller began (`begin_nested`) when first asked for its connection;
        # the writer's statements go past the session, so it is asked here, before any of them.
        self.session.connection()
        with overlapping(self.conn):
            return self._write(prepared, min_confidence)

    def _write(self, prepared: PreparedArticle, min_confidence: float | None) -> Written:
        if self._is_stored(prepared.digest):
            return Written(duplicate=True)
        article_id = self._article(prepared)
        self.stored[prepared.digest] = True
        self.clusters.know_stems(prepared.stems)
        self.reported = {}
        if prepared.extraction is None:
            return Written(duplicate=False)
        return self._extraction(article_id, prepared, prepared.extraction, min_confidence)

    def _is_stored(self, digest: str) -> bool:
        """Whether the text is stored, its lock taken first: a text `prefetch` did not lock is locked here,
        until the transaction ends or the article's savepoint is rolled back (so again each time)."""
        if digest not in self.locked:
            lock_key(self.session, digest)
        if digest not in self.stored:
            self.stored[digest] = digest in stored_digests(self.conn, [digest])
        return self.stored[digest]

    def _article(self, prepared: PreparedArticle) -> int:
        from app.store.articles import region_rows

        data, meta = prepared.data, prepared.meta
        if data.outlet:
            domain = data.outlet_domain or url_domain(data.url)
            outlet_id = self._outlet(("name", data.outlet.strip(), data.outlet_kind, domain))
        else:
            outlet_id = self._outlet(("url", data.url, None, None)) if url_domain(data.url) else None
        values = {
            "text": data.text,
            "content_hash": prepared.digest,
            "title": data.title or meta.title,
            "url": data.url,
            "authors": data.authors if data.authors is not None else list(meta.authors),
            "dateline": meta.dateline,
            "published_at": data.published_at or meta.published_at,
            "language": data.language or meta.language,
            "source_name": data.source_name,
            "extractor_version": prepared.extraction.version if prepared.extraction is not None else None,
            "outlet_id": outlet_id,
            "ingested_at": utcnow(),
        }
        self.published = values["published_at"]
        [values] = clip_rows(Article.__table__, [values])
        article_id = self.conn.scalar(insert(Article).returning(Article.id), values)
        self.regions = region_rows(data.text, prepared.regions)
        if self.regions:
            insert_rows(
                self.conn,
                ArticleRegion.__table__,
                [{"article_id": article_id, "start": s, "end": e, "kind": k} for s, e, k in self.regions],
            )
        return article_id

    def _extraction(
        self, article_id: int, prepared: PreparedArticle, result: ArticleExtraction, min_confidence: float | None
    ) -> Written:
        """`store_extraction` for a new article (nothing to keep or reuse)."""
        text = prepared.data.text
        out = Written(duplicate=False)
        wanted = []
        for i, x in enumerate(result.attributions):
            if min_confidence is not None and x.confidence < min_confidence:
                out.left_out += 1
            else:
                wanted.append((i, x))
        speakers: dict[int, SpeakerRow] = {}

        def speaker_for(index: int | None) -> SpeakerRow | None:
            if index is None or index >= len(result.entities):
                return None
            if index not in speakers:
                speakers[index] = self.speakers.resolve(_speaker_spec(result.entities[index]), article_id)
            return speakers[index]

        for _, x in wanted:
            speaker_for(x.entity)
            speaker_for(x.via_entity)
        # The claims of the contents and of the statements (the sentences no content covers), in one lookup.
        contents = [(x.content.start, x.content.end) for _, x in wanted]
        spans = self._statement_spans(text, contents)
        found = self.claims.get_or_create([text[s:e] for s, e in contents + spans])
        claims, stated = found[: len(contents)], found[len(contents) :]
        article = _Text(text)
        rows: list[_Row] = []
        flushed = 0  # the ORM path flushes the attributions made before each relay speaker it resolves
        for (_, x), claim in zip(wanted, claims, strict=True):
            f = _fields(x, None, result.version)
            check_span(article, f.content, "content", required=True)
            for span, name in (
                (f.cue, "cue"),
                (f.speaker_mention, "speaker_mention"),
                (f.anonymity_reason, "anonymity_reason"),
                (f.via, "via"),
            ):
                check_span(article, span, name)
            via = speaker_for(x.via_entity)
            if via is None and f.via:
                via = self.speakers.resolve(relay_spec(text, f.via), article_id)
                flushed = len(rows)
            rows.append((f, claim, speaker_for(x.entity), via))
        self.speakers.flush()
        position = {i: n for n, (i, _) in enumerate(wanted)}
        links = {
            position[i]: position[x.parent]
            for i, x in enumerate(result.attributions)
            if i in position and x.parent in position and not _makes_cycle(result, i)
        }
        ids = self._attributions(article_id, text, rows, _insert_order(len(rows), flushed, links))
        parents = {ids[c]: ids[p] for c, p in links.items()}
        if parents:
            self.conn.execute(
                update(Attribution).where(Attribution.id == bindparam("b_id")).values(parent_id=bindparam("b_parent")),
                [{"b_id": c, "b_parent": p} for c, p in parents.items()],
            )
        self._roles(article_id, result, speakers)
        out.added = len(ids)
        reports = self._reports(article_id, text, rows, ids, parents)
        self._cluster(article_id, text, spans, stated, reports)
        return out

    def _attributions(self, article_id: int, text: str, rows: list[_Row], order: list[int]) -> list[int]:
        """Insert the rows in `order` (one statement); their ids, in the rows' order."""
        now = utcnow()
        values = []
        for f, claim, speaker, via in (rows[n] for n in order):
            values.append(
                {
                    "article_id": article_id,
                    "speaker_id": speaker.id if speaker is not None else None,
                    "claim_id": claim.id,
                    "content_start": f.content[0],
                    "content_end": f.content[1],
                    "content_text": text[f.content[0] : f.content[1]],
                    "cue_start": f.cue[0] if f.cue else None,
                    "cue_end": f.cue[1] if f.cue else None,
                    "speaker_start": f.speaker_mention[0] if f.speaker_mention else None,
                    "speaker_end": f.speaker_mention[1] if f.speaker_mention else None,
                    "kind": f.kind,
                    "quote_type": f.quote_type,
                    "stance": f.stance,
                    "anonymous": f.anonymous,
                    "anonymity_reason_start": f.anonymity_reason[0] if f.anonymity_reason else None,
                    "anonymity_reason_end": f.anonymity_reason[1] if f.anonymity_reason else None,
                    "anonymity_reason_category": f.anonymity_reason_category,
                    "via_speaker_id": via.id if via is not None else None,
                    "via_start": f.via[0] if f.via else None,
                    "via_end": f.via[1] if f.via else None,
                    "parent_id": None,
                    "origin": f.origin,
                    "status": f.status,
                    "edited": False,
                    "confidence": f.confidence,
                    "extractor_version": f.extractor_version,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if not values:
            return []
        inserted = insert_ids(self.conn, Attribution, values)
        ids = [0] * len(rows)
        for n, aid in zip(order, inserted, strict=True):
            ids[n] = aid
        return ids

    def _roles(self, article_id: int, result: ArticleExtraction, speakers: dict[int, SpeakerRow]) -> None:
        """`_record_roles`: each article's title for a person is evidence for a dated role."""
        roles = []
        for index, row in speakers.items():
            e = result.entities[index]
            if row.kind == SpeakerKind.person and (e.role_title or e.role_organization):
                mention = next(
                    ((x.source.start, x.source.end) for x in result.attributions if x.entity == index and x.source),
                    None,
                )
                roles.append((row, e.role_title or "", e.role_organization or "", mention))
        published = self.published.date() if self.published else None
        self.speakers.record_roles(article_id, published, roles)

    def _reports(
        self, article_id: int, text: str, rows: list[_Row], ids: list[int], parents: dict[int, int]
    ) -> list[Report]:
        """The article's attributions that are reports of their claims (`report_conditions`), in id order."""
        spans = {aid: f.content for aid, (f, *_) in zip(ids, rows, strict=True)}
        containers = {p for c, p in parents.items() if spans[p][0] <= spans[c][0] and spans[c][1] <= spans[p][1]}
        self.reported = {claim.id: claim for _, claim, *_ in rows}
        return [
            Report(
                "attribution",
                aid,
                claim.id,
                article_id,
                self.published,
                f.content[0],
                text[f.content[0] : f.content[1]],
                f.stance,
            )
            for aid, (f, claim, *_) in zip(ids, rows, strict=True)
            if f.status != Status.rejected and f.kind in COUNTED_KINDS and aid not in containers
        ]

    def _statement_spans(self, text: str, contents: list[tuple[int, int]]) -> list[tuple[int, int]]:
        covered = contents + [(s, e) for s, e, k in self.regions if k in _NOT_STATED]
        return statement_spans(text, covered, self.clusters.keys_of)

    def _cluster(
        self,
        article_id: int,
        text: str,
        spans: list[tuple[int, int]],
        claims: list[ClaimRow],
        reports: list[Report],
    ) -> None:
        """`cluster_article`: the statements, then the placing and labels of the article's claims."""
        ids = insert_statements(self.conn, article_id, text, spans, claims)
        by_id = {**self.reported, **{c.id: c for c in claims}}
        reports = reports + [
            Report("statement", sid, c.id, article_id, self.published, s, text[s:e], Stance.asserts)
            for sid, c, (s, e) in zip(ids, claims, spans, strict=True)
        ]
        self.clusters.cluster([by_id[r.claim_id] for r in reports], reports)

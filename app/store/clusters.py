"""Claim clusters: a new article's claims join the clusters of earlier reports of the same proposition.

Each claim is indexed once by its content-word keys (`claim_key`); a new claim's candidates are the
claims sharing the most keys with it, and it joins the cluster of the most alike one when that is
alike enough. Nothing else in the corpus is read or recomputed. The labels of a cluster's reports
(first, same, paraphrase, variant, contradiction) are refreshed whenever the cluster changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Select,
    String,
    bindparam,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from app.extraction.segment import paragraphs, sentences, trim
from app.extraction.spans import SpanIndex
from app.models import (
    COUNTED_KINDS,
    Article,
    ArticleRegion,
    Attribution,
    Claim,
    ClaimCluster,
    ClaimKey,
    ClusterLabel,
    RegionKind,
    Stance,
    Statement,
    Status,
)
from app.store import history
from app.store.among import among
from app.store.claims import LOOKUP_CHUNK, get_or_create_claims
from app.store.rows import insert_ids, insert_values, update_values
from app.text.propositions import MIN_KEYS, Difference, compare, content_keys, likeness, stems

# How many of the claims sharing the most keys are compared in full.
CANDIDATES = 12
_NOT_STATED = (RegionKind.repeat, RegionKind.furniture, RegionKind.headline, RegionKind.byline, RegionKind.dateline)

_Child = aliased(Attribution, name="child")
Comparer = Callable[[str, str, Stance, Stance], Difference]


def is_container() -> object:
    """An attribution whose content holds a nested report (an outlet relaying an official's words).

    The nested one is the report of the proposition; the container is its relay, not a second report.
    """
    return exists().where(
        _Child.parent_id == Attribution.id,
        _Child.content_start >= Attribution.content_start,
        _Child.content_end <= Attribution.content_end,
    )


def report_conditions() -> list[object]:
    """The attributions that are reports of their claim: counted ones (said or believed) that hold no nested report."""
    return [Attribution.status != Status.rejected, Attribution.kind.in_(COUNTED_KINDS), ~is_container()]


# -- statements -----------------------------------------------------------------------------------------


def write_statements(session: Session, article: Article) -> int:
    """The article's sentences that no attribution covers, each stored as a statement of its claim (one
    executemany for them all); returns how many."""
    old = set(session.scalars(select(Statement.claim_id).where(Statement.article_id == article.id)))
    session.execute(delete(Statement).where(Statement.article_id == article.id))
    covered = [
        (s, e)
        for s, e in session.execute(
            select(Attribution.content_start, Attribution.content_end).where(Attribution.article_id == article.id)
        )
    ]
    covered += [
        (s, e)
        for s, e in session.execute(
            select(ArticleRegion.start, ArticleRegion.end).where(
                ArticleRegion.article_id == article.id, ArticleRegion.kind.in_(_NOT_STATED)
            )
        )
    ]
    text = article.text
    spans = statement_spans(text, covered)
    claims = get_or_create_claims(session, [text[s:e] for s, e in spans])
    rows = [
        {"article_id": article.id, "claim_id": claim.id, "start": s, "end": e, "text": text[s:e]}
        for (s, e), claim in zip(spans, claims, strict=True)
    ]
    if rows:
        session.execute(insert(Statement.__table__), rows)
    _drop_unreported(session, old)
    return len(rows)


def statement_spans(
    text: str, covered: list[tuple[int, int]], keys_of: Callable[[str], set[str]] = content_keys
) -> list[tuple[int, int]]:
    """The sentences of `text` that meet none of the `covered` spans (attribution contents, regions not in the
    article's voice) and hold enough content words to be a claim: the article's statements (`keys_of`:
    `content_keys` or a memo of it)."""
    near = SpanIndex(covered)
    spans = []
    for start, end in _trimmed_sentences(text):
        if end <= start or any(covered[i][0] < end and start < covered[i][1] for i in near.meeting((start, end))):
            continue
        if len(keys_of(text[start:end])) >= MIN_KEYS:
            spans.append((start, end))
    return spans


def _trimmed_sentences(text: str) -> list[tuple[int, int]]:
    """Every sentence of `text`, trimmed as a statement is (some may be left empty)."""
    return [trim(text, ss, se) for ps, pe in paragraphs(text) for ss, se in sentences(text, ps, pe)]


def indexed_stems(text: str, contents: list[tuple[int, int]]) -> dict[str, tuple[str, ...]]:
    """The content-word stems (`stems`, giving the keys and what `likeness` compares) of each text clustering
    an article may index: its sentences, trimmed as `statement_spans` trims them (a statement is one), and its
    attributions' `contents`. A function of the text and its findings: an extraction worker works them out,
    and the writer looks them up."""
    spans = [*_trimmed_sentences(text), *contents]
    return {text[s:e]: stems(text[s:e]) for s, e in spans if e > s}


def _drop_unreported(session: Session, claim_ids: set[int]) -> None:
    """Claims that only a statement held, once no statement or attribution reports them (keys go with them)."""
    if not claim_ids:
        return
    reported = exists().where(Attribution.claim_id == Claim.id) | exists().where(Statement.claim_id == Claim.id)
    gone = session.execute(select(Claim.id, Claim.cluster_id).where(Claim.id.in_(claim_ids), ~reported)).all()
    if gone:
        session.execute(delete(ClaimKey).where(ClaimKey.claim_id.in_([i for i, _ in gone])))
        session.execute(delete(Claim).where(Claim.id.in_([i for i, _ in gone])))
        emptied = {c for _, c in gone if c is not None}
        session.execute(
            delete(ClaimCluster).where(
                ClaimCluster.id.in_(emptied), ~exists().where(Claim.cluster_id == ClaimCluster.id)
            )
        )
        session.expire_all()


# -- placing claims -------------------------------------------------------------------------------------


def recluster_article(session: Session, article: Article, left: list[int] = ()) -> None:
    """After a person's edit: the article's claims placed again, and the clusters of `left` claims relabelled."""
    cluster_article(session, article)
    relabel_clusters(session, list(set(session.scalars(select(Claim.cluster_id).where(Claim.id.in_(left)))) - {None}))


def cluster_article(session: Session, article: Article) -> None:
    """Write the article's statements and bring each of its claims into a cluster (incremental)."""
    write_statements(session, article)
    claim_ids = set(
        session.scalars(select(Attribution.claim_id).where(Attribution.article_id == article.id, *report_conditions()))
    )
    claim_ids |= set(session.scalars(select(Statement.claim_id).where(Statement.article_id == article.id)))
    rows = session.execute(
        select(Claim.id, Claim.text, Claim.cluster_id).where(Claim.id.in_(claim_ids)).order_by(Claim.id)
    ).all()
    # A claim that starts a cluster is its first report; any other cluster gained a report.
    touched = {cluster_id for _, _, cluster_id in rows if cluster_id is not None}
    touched |= place_claims(session, [(claim_id, text) for claim_id, text, cluster_id in rows if cluster_id is None])
    relabel_clusters(session, sorted(touched))


def index_claim(session: Session, claim: Claim) -> set[str]:
    """Write the claim's content-word keys (replacing any it had)."""
    return _index_claims(session, [(claim.id, claim.text)])[0][claim.id]


def _index_claims(
    session: Session,
    claims: list[tuple[int, str]],
    keys_of: Callable[[str], set[str]] = content_keys,
    fresh: bool = False,
) -> tuple[dict[int, set[str]], dict[str, list[int]]]:
    """Write the claims' content-word keys (replacing any they had, unless `fresh`: none has any), in two
    statements for them all; returns each claim's keys, and the keys they had before (key -> claims)."""
    keys = {claim_id: keys_of(text) for claim_id, text in claims}
    ids = list(keys)
    dropped: dict[str, list[int]] = {}
    for i in range(0 if not fresh else len(ids), len(ids), LOOKUP_CHUNK):
        gone = delete(ClaimKey).where(ClaimKey.claim_id.in_(ids[i : i + LOOKUP_CHUNK]))
        for key, claim_id in session.execute(gone.returning(ClaimKey.key, ClaimKey.claim_id)):
            dropped.setdefault(key, []).append(claim_id)
    rows = [(k, claim_id) for claim_id in ids for k in sorted(keys[claim_id])]
    if rows:
        session.flush()  # the rows are written past the session
        insert_values(session.connection(), ClaimKey.__table__, ["key", "claim_id"], rows)
    return keys, dropped


@dataclass(slots=True)
class _Known:
    """A claim a new one may join: its wording, its cluster (None: not clustered) and, when placed in this
    same step, its keys."""

    text: str
    cluster_id: int | None
    keys: set[str] | None = None


def _ranked_statement() -> Select[tuple[int, int, int]]:
    """The query of `_ranked`, built once (its claim lists are bound at each run)."""
    new, old = aliased(ClaimKey, name="new"), aliased(ClaimKey, name="old")
    shared = func.count().label("shared")
    pairs = (
        select(new.claim_id.label("claim_id"), old.claim_id.label("other_id"), shared)
        .join(old, old.key == new.key)
        .where(
            new.claim_id.in_(bindparam("searching", expanding=True)),
            old.claim_id.not_in(bindparam("placing", expanding=True)),
        )
        .group_by(new.claim_id, old.claim_id)
        .having(func.count() >= MIN_KEYS)
    ).subquery()
    rank = (
        func.row_number()
        .over(partition_by=pairs.c.claim_id, order_by=(pairs.c.shared.desc(), pairs.c.other_id))
        .label("rank")
    )
    top = select(pairs.c.claim_id, pairs.c.other_id, pairs.c.shared, rank).subquery()
    return select(top.c.claim_id, top.c.shared, top.c.other_id).where(top.c.rank <= CANDIDATES)


_RANKED = _ranked_statement()


def _ranked(session: Session, ids: list[int], keys: dict[int, set[str]]) -> dict[int, list[tuple[int, int]]]:
    """For each new claim, the (shared keys, claim id) of the indexed claims from before this step sharing
    the most keys with it (at least MIN_KEYS, the best CANDIDATES, ties by id): one query for them all."""
    searching = [i for i in ids if len(keys[i]) >= MIN_KEYS]
    out: dict[int, list[tuple[int, int]]] = {i: [] for i in ids}
    if not searching:
        return out
    for claim_id, count, other_id in session.execute(_RANKED, {"searching": searching, "placing": ids}):
        out[claim_id].append((count, other_id))
    return out


def place_claims(session: Session, claims: list[tuple[int, str]]) -> set[int]:
    """`placements` without the claims' new clusters: the clusters that gained a claim."""
    return placements(session, claims)[0]


def placements(
    session: Session, claims: list[tuple[int, str]], fresh: bool = False, reads: PlacingReads | None = None
) -> tuple[set[int], dict[int, tuple[int, ClusterLabel | None]]]:
    """Index the new (unclustered) claims and put each, in id order, in the cluster of its most alike
    candidate or a new cluster; returns the clusters that gained a claim (not those the claims started).

    A candidate is one of the clustered claims sharing the most content-word keys with it, from before
    or placed just now. The claim must also be alike the cluster's first wording: joining on a likeness to
    any member alone would let a cluster drift, one loosely related report at a time, far from its proposition.
    The work is a few statements for all the claims, not a few for each. Also returns each claim's cluster and
    label as written. `fresh`: no claim was indexed before; `reads`: what is read of the store (`PlacingReads`,
    its SQL, or the bulk writer's memory of a batch).
    """
    if not claims:
        return set(), {}
    claims = sorted(claims)
    ids = [claim_id for claim_id, _ in claims]
    reads = reads or PlacingReads()
    keys, dropped = _index_claims(session, claims, reads.keys_of, fresh)
    ranked = reads.ranked(session, ids, keys, dropped)
    known = reads.known(session, sorted({other for found in ranked.values() for _, other in found}))
    anchors = reads.anchors(session, {k.cluster_id for k in known.values() if k.cluster_id is not None})
    new_clusters: list[int] = []  # claims that start a cluster, in order
    joined: dict[int, int] = {}  # claim -> cluster id (or, below zero, -(1 + index in new_clusters))
    placed: dict[str, list[int]] = {}  # key -> the claims placed in this step that have it
    for claim_id, text in claims:
        mine = keys[claim_id]
        found = list(ranked[claim_id])
        if len(mine) >= MIN_KEYS:
            shared = Counter(other_id for key in mine for other_id in placed.get(key, ()))
            found.extend((n, other_id) for other_id, n in shared.items() if n >= MIN_KEYS)
        found = sorted(found, key=lambda so: (-so[0], so[1]))[:CANDIDATES]
        scored = [
            (likeness(text, known[other_id].text), other_id)
            for _, other_id in found
            if known[other_id].cluster_id is not None
        ]
        cluster_id: int | None = None
        for score, other_id in sorted(scored, key=lambda so: (-so[0], so[1])):
            if score <= 0:
                break
            other = known[other_id]
            anchor = anchors.get(other.cluster_id)
            if anchor is None or anchor == other.text or likeness(text, anchor) > 0:
                cluster_id = other.cluster_id
                break
        if cluster_id is None:
            new_clusters.append(claim_id)
            cluster_id = -len(new_clusters)
            anchors[cluster_id] = text
        joined[claim_id] = cluster_id
        known[claim_id] = _Known(text, cluster_id, mine)
        for key in mine:
            placed.setdefault(key, []).append(claim_id)
    return _write_placements(session, joined, new_clusters)


_KNOWN_CLAIMS = select(Claim.id, Claim.text, Claim.cluster_id).where(among(Claim.id, "ids"))


def _known(session: Session, ids: list[int]) -> dict[int, _Known]:
    """The wording and cluster of each of these claims."""
    known: dict[int, _Known] = {}
    for i in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[i : i + LOOKUP_CHUNK]
        for claim_id, text, cluster_id in session.execute(_KNOWN_CLAIMS, {"ids": chunk}):
            known[claim_id] = _Known(text, cluster_id)
    return known


def _anchors(session: Session, cluster_ids: set[int]) -> dict[int | None, str]:
    """The first wording of each cluster (a claim labelled first)."""
    out: dict[int | None, str] = {}
    ids = sorted(cluster_ids)
    for i in range(0, len(ids), LOOKUP_CHUNK):
        rows = session.execute(_ANCHORS, {"clusters": ids[i : i + LOOKUP_CHUNK]})
        out.update((cluster_id, text) for cluster_id, text in rows)
    return out


_ANCHORS = (
    select(Claim.cluster_id, Claim.text)
    .where(among(Claim.cluster_id, "clusters"), Claim.cluster_label == ClusterLabel.first)
    .order_by(Claim.id.desc())
)


class PlacingReads:
    """What placing claims reads of the store, each in a few statements for all the claims placed: their keys
    (`content_keys`), the best candidates of each (`_ranked`), the candidates' wordings and clusters, and the
    first wording of those clusters. The bulk writer's `ClusterIndex` answers the same from what its batch
    has read or written."""

    def keys_of(self, text: str) -> set[str]:
        return content_keys(text)

    def ranked(
        self, session: Session, ids: list[int], keys: dict[int, set[str]], dropped: dict[str, list[int]]
    ) -> dict[int, list[tuple[int, int]]]:
        """`dropped`: the keys the claims had before theirs were written (key -> claims), gone from the store."""
        return _ranked(session, ids, keys)

    def known(self, session: Session, ids: list[int]) -> dict[int, _Known]:
        return _known(session, ids)

    def anchors(self, session: Session, cluster_ids: set[int]) -> dict[int | None, str]:
        return _anchors(session, cluster_ids)


def _write_placements(
    session: Session, joined: dict[int, int], new_clusters: list[int]
) -> tuple[set[int], dict[int, tuple[int, ClusterLabel | None]]]:
    """Create the new clusters (ids in the order of the claims that start them) and set every claim's cluster."""
    created: list[int] = []
    if new_clusters:
        rows = [{"has_variants": False, "contradicted": False} for _ in new_clusters]
        created = insert_ids(session.connection(), ClaimCluster, rows)
    firsts = set(new_clusters)
    values = []
    for claim_id, cluster_id in joined.items():
        real = created[-cluster_id - 1] if cluster_id < 0 else cluster_id
        values.append(
            {"id": claim_id, "cluster_id": real, "cluster_label": ClusterLabel.first if claim_id in firsts else None}
        )
    _update_rows(session, Claim, values)
    gained = {v["cluster_id"] for v in values if v["id"] not in firsts}
    return gained, {v["id"]: (v["cluster_id"], v["cluster_label"]) for v in values}


def _update_rows(session: Session, model: type[Claim] | type[ClaimCluster], rows: list[dict[str, Any]]) -> None:
    """Set columns of many rows by id (one statement, `update_values`), and in the objects this session holds."""
    if not rows:
        return
    names = [name for name in rows[0] if name != "id"]
    session.flush()  # the rows are written past the session
    update_values(session.connection(), model.__table__, names, [[r["id"], *(r[n] for n in names)] for r in rows])
    if not session.identity_map:
        return
    for r in rows:
        held = session.identity_map.get((model, (r["id"],), None))  # `identity_key(model, r["id"])`, built directly
        if held is not None:
            for n in names:
                set_committed_value(held, n, r[n])


# -- labels ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Report:
    """One report of a cluster's proposition: an attribution, or a statement in the article's voice."""

    kind: str  # "attribution" or "statement"
    id: int
    claim_id: int
    article_id: int
    published_at: datetime | None
    start: int
    text: str
    stance: Stance


@dataclass(frozen=True, slots=True)
class LabelledReport:
    report: Report
    label: ClusterLabel
    # Offsets of the words that differ, into the first report's text and into this report's text.
    first_differs: list[tuple[int, int]]
    differs: list[tuple[int, int]]


def cluster_reports(session: Session, cluster_id: int) -> list[Report]:
    """Every report of the cluster's claims, first report first (by publication date)."""
    return reports_of_clusters(session, [cluster_id]).get(cluster_id, [])


def reports_of_clusters(session: Session, cluster_ids: list[int]) -> dict[int, list[Report]]:
    """Every report of each cluster's claims, first report first (by publication date): one query a few
    hundred clusters."""
    found: dict[int, list[Report]] = {}
    ids = sorted(set(cluster_ids))
    for i in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[i : i + LOOKUP_CHUNK]
        for cluster_id, kind, *row, stance in session.execute(_REPORTS, {"clusters": chunk}):
            found.setdefault(cluster_id, []).append(Report(kind, *row, Stance(stance) if stance else Stance.asserts))
    return {
        cluster_id: sorted(
            reports, key=lambda r: (r.published_at is None, r.published_at or datetime.min, r.article_id, r.start)
        )
        for cluster_id, reports in found.items()
    }


def _reports_statement() -> CompoundSelect:
    """The query of `reports_of_clusters`: the attributions that are reports, then the statements (a statement
    asserts: no stance), each by id."""
    attributions = _reports_in(
        Attribution, Attribution.content_start, Attribution.content_text, cast(Attribution.stance, String)
    ).where(*report_conditions())
    statements = _reports_in(Statement, Statement.start, Statement.text, null())
    return union_all(attributions, statements).order_by(literal_column("kind"), literal_column("report_id"))


def _reports_in(model: type[Attribution] | type[Statement], start: Any, text: Any, stance: Any) -> Select[Any]:
    """The rows of `model` whose claims are in the bound `clusters`, as `reports_of_clusters` reads them."""
    return (
        select(
            Claim.cluster_id,
            literal(model.__tablename__).label("kind"),
            model.id.label("report_id"),
            model.claim_id,
            model.article_id,
            Article.published_at,
            start.label("start"),
            text.label("text"),
            stance.label("stance"),
        )
        .join(Claim, Claim.id == model.claim_id)
        .join(Article, Article.id == model.article_id)
        .where(among(Claim.cluster_id, "clusters"))
    )


_REPORTS = _reports_statement()


def label_reports(reports: list[Report], comparer: Comparer = compare) -> list[LabelledReport]:
    """Each report against the first one: same wording, paraphrase, variant or contradiction (`comparer`:
    `app.text.propositions.compare`, or a memo of it)."""
    if not reports:
        return []
    first = reports[0]
    out = [LabelledReport(first, ClusterLabel.first, [], [])]
    seen: dict[tuple[str, Stance], LabelledReport] = {}
    for r in reports[1:]:
        known = seen.get((r.text, r.stance))
        if known is None:
            d = comparer(first.text, r.text, first.stance, r.stance)
            known = seen[(r.text, r.stance)] = LabelledReport(r, d.label, d.first, d.other)
        out.append(LabelledReport(r, known.label, known.first_differs, known.differs))
    return out


def relabel(session: Session, cluster_id: int) -> list[LabelledReport]:
    """Refresh the labels of a cluster's claims and its variant / contradiction flags."""
    return relabel_clusters(session, [cluster_id]).get(cluster_id, [])


def relabel_clusters(session: Session, cluster_ids: list[int]) -> dict[int, list[LabelledReport]]:
    """Refresh the labels of the clusters' claims and their variant / contradiction flags (a few statements
    for them all); clusters that no longer exist are left out."""
    ids = sorted(set(cluster_ids))
    existing = [
        cluster_id
        for i in range(0, len(ids), LOOKUP_CHUNK)
        for cluster_id in session.scalars(select(ClaimCluster.id).where(ClaimCluster.id.in_(ids[i : i + LOOKUP_CHUNK])))
    ]
    reports = reports_of_clusters(session, existing)
    out: dict[int, list[LabelledReport]] = {}
    labels: dict[int, ClusterLabel] = {}
    flags = []
    for cluster_id in sorted(existing):
        labelled = out[cluster_id] = label_reports(reports.get(cluster_id, []))
        for lr in labelled:
            labels.setdefault(lr.report.claim_id, lr.label)
        flags.append(
            {
                "id": cluster_id,
                "has_variants": any(lr.label == ClusterLabel.variant for lr in labelled),
                "contradicted": any(lr.label == ClusterLabel.contradiction for lr in labelled),
            }
        )
    _update_rows(session, Claim, [{"id": claim_id, "cluster_label": label} for claim_id, label in labels.items()])
    _update_rows(session, ClaimCluster, flags)
    return out


# -- rebuilding -----------------------------------------------------------------------------------------


def reset_clusters(session: Session) -> list[int]:
    """Forget every cluster a person did not place, ready to cluster again; the article ids in publication order.

    Cluster the articles one by one with `cluster_article` (in that order, so each cluster's first
    report is placed first); claims placed by hand keep their cluster and join the index again.
    """
    session.execute(delete(ClaimKey))
    session.execute(update(Claim).where(Claim.cluster_pinned.is_(False)).values(cluster_id=None, cluster_label=None))
    session.execute(delete(ClaimCluster).where(~exists().where(Claim.cluster_id == ClaimCluster.id)))
    for claim in session.scalars(select(Claim).where(Claim.cluster_pinned.is_(True))):
        index_claim(session, claim)
    session.flush()
    order = (Article.published_at.is_(None), Article.published_at, Article.id)
    return list(session.scalars(select(Article.id).order_by(*order)))


# -- a researcher's split and merge ---------------------------------------------------------------------


def _members(session: Session, cluster_id: int) -> list[int]:
    return list(session.scalars(select(Claim.id).where(Claim.cluster_id == cluster_id).order_by(Claim.id)))


def split_cluster(session: Session, cluster: ClaimCluster, claim_ids: list[int], actor: str) -> ClaimCluster:
    """Move these claims of the cluster into a new one; both keep their claims through later rebuilds."""
    members = _members(session, cluster.id)
    moving = sorted(set(claim_ids))
    strangers = [i for i in moving if i not in members]
    if strangers:
        raise ValueError(f"claims {strangers} are not in cluster {cluster.id}")
    if not moving or len(moving) == len(members):
        raise ValueError("a split moves some of the cluster's claims, not none or all of them")
    new = ClaimCluster(has_variants=False, contradicted=False)
    session.add(new)
    session.flush()
    session.execute(update(Claim).where(Claim.id.in_(moving)).values(cluster_id=new.id))
    session.execute(update(Claim).where(Claim.id.in_(members)).values(cluster_pinned=True))
    session.expire_all()
    relabel(session, cluster.id)
    relabel(session, new.id)
    history.record(
        session,
        actor=actor,
        action="cluster.split",
        entity_type="cluster",
        entity_id=cluster.id,
        before={"claims": members},
        after={"claims": [i for i in members if i not in moving], "moved": moving, "into": new.id},
    )
    return new


def merge_clusters(session: Session, source: ClaimCluster, target: ClaimCluster, actor: str) -> None:
    """Move every claim of `source` into `target` (source is removed); both keep their claims through rebuilds."""
    if source.id == target.id:
        raise ValueError("a cluster cannot be merged into itself")
    moving = _members(session, source.id)
    kept = _members(session, target.id)
    session.execute(update(Claim).where(Claim.id.in_(moving)).values(cluster_id=target.id))
    session.execute(update(Claim).where(Claim.id.in_(moving + kept)).values(cluster_pinned=True))
    session.delete(source)
    session.flush()
    session.expire_all()
    relabel(session, target.id)
    history.record(
        session,
        actor=actor,
        action="cluster.merge",
        entity_type="cluster",
        entity_id=source.id,
        before={"claims": moving, "target_claims": kept},
        after={"into": target.id, "claims": kept + moving},
    )

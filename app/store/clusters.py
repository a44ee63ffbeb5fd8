"""Claim clusters: a new article's claims join the clusters of earlier reports of the same proposition.

Each claim is indexed once by its content-word keys (`claim_key`); a new claim's candidates are the
claims sharing the most keys with it, and it joins the cluster of the most alike one when that is
alike enough. Nothing else in the corpus is read or recomputed. The labels of a cluster's reports
(first, same, paraphrase, variant, contradiction) are refreshed whenever the cluster changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from app.extraction.segment import paragraphs, sentences, trim
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
from app.store.claims import get_or_create_claims
from app.text.propositions import MIN_KEYS, compare, content_keys, likeness

# How many of the claims sharing the most keys are compared in full.
CANDIDATES = 12
_NOT_STATED = (RegionKind.repeat, RegionKind.furniture, RegionKind.headline, RegionKind.byline, RegionKind.dateline)

_Child = aliased(Attribution, name="child")


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


def write_statements(session: Session, article: Article) -> list[Statement]:
    """The article's sentences that no attribution covers, each stored as a statement of its claim."""
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
    spans = []
    for ps, pe in paragraphs(text):
        for ss, se in sentences(text, ps, pe):
            start, end = trim(text, ss, se)
            if end <= start or any(s < end and start < e for s, e in covered):
                continue
            if len(content_keys(text[start:end])) >= MIN_KEYS:
                spans.append((start, end))
    claims = get_or_create_claims(session, [text[s:e] for s, e in spans])
    out = [
        Statement(article_id=article.id, claim_id=claim.id, start=s, end=e, text=text[s:e])
        for (s, e), claim in zip(spans, claims, strict=True)
    ]
    session.add_all(out)
    session.flush()
    _drop_unreported(session, old)
    return out


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
    for cluster_id in set(session.scalars(select(Claim.cluster_id).where(Claim.id.in_(left)))) - {None}:
        relabel(session, cluster_id)


def cluster_article(session: Session, article: Article) -> None:
    """Write the article's statements and bring each of its claims into a cluster (incremental)."""
    write_statements(session, article)
    claim_ids = set(
        session.scalars(select(Attribution.claim_id).where(Attribution.article_id == article.id, *report_conditions()))
    )
    claim_ids |= set(session.scalars(select(Statement.claim_id).where(Statement.article_id == article.id)))
    touched: set[int] = set()
    for claim in session.scalars(select(Claim).where(Claim.id.in_(claim_ids)).order_by(Claim.id)):
        # A claim that starts a cluster is its first report; any other cluster gained a report.
        if claim.cluster_id is not None or place_claim(session, claim):
            touched.add(claim.cluster_id)
    for cluster_id in sorted(touched):
        relabel(session, cluster_id)


def index_claim(session: Session, claim: Claim) -> set[str]:
    """Write the claim's content-word keys (replacing any it had)."""
    keys = content_keys(claim.text)
    session.execute(delete(ClaimKey).where(ClaimKey.claim_id == claim.id))
    if keys:
        session.execute(insert(ClaimKey), [{"key": k, "claim_id": claim.id} for k in sorted(keys)])
    return keys


def candidates(session: Session, claim: Claim, keys: set[str]) -> list[Claim]:
    """The clustered claims sharing the most content-word keys with `claim` (an index lookup)."""
    if len(keys) < MIN_KEYS:
        return []
    shared = func.count().label("shared")
    ranked = (
        select(ClaimKey.claim_id, shared)
        .where(ClaimKey.key.in_(sorted(keys)), ClaimKey.claim_id != claim.id)
        .group_by(ClaimKey.claim_id)
        .having(func.count() >= MIN_KEYS)
        .order_by(shared.desc(), ClaimKey.claim_id)
        .limit(CANDIDATES)
    ).subquery()
    return list(
        session.scalars(select(Claim).join(ranked, ranked.c.claim_id == Claim.id).where(Claim.cluster_id.is_not(None)))
    )


def place_claim(session: Session, claim: Claim) -> bool:
    """Index the claim and put it in the cluster of its most alike candidate (True), or a new cluster.

    The claim must also be alike the cluster's first wording: joining on a likeness to any member
    alone would let a cluster drift, one loosely related report at a time, far from its proposition.
    """
    keys = index_claim(session, claim)
    scored = [(likeness(claim.text, other.text), other) for other in candidates(session, claim, keys)]
    for score, other in sorted(scored, key=lambda so: (-so[0], so[1].id)):
        if score <= 0:
            break
        anchor = session.scalar(
            select(Claim.text)
            .where(Claim.cluster_id == other.cluster_id, Claim.cluster_label == ClusterLabel.first)
            .limit(1)
        )
        if anchor is None or anchor == other.text or likeness(claim.text, anchor) > 0:
            claim.cluster_id = other.cluster_id
            session.flush()
            return True
    cluster = ClaimCluster(has_variants=False, contradicted=False)
    session.add(cluster)
    session.flush()
    claim.cluster_id, claim.cluster_label = cluster.id, ClusterLabel.first
    session.flush()
    return False


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
    attributions = session.execute(
        select(
            Attribution.id,
            Attribution.claim_id,
            Attribution.article_id,
            Article.published_at,
            Attribution.content_start,
            Attribution.content_text,
            Attribution.stance,
        )
        .join(Claim, Claim.id == Attribution.claim_id)
        .join(Article, Article.id == Attribution.article_id)
        .where(Claim.cluster_id == cluster_id, *report_conditions())
    )
    statements = session.execute(
        select(
            Statement.id,
            Statement.claim_id,
            Statement.article_id,
            Article.published_at,
            Statement.start,
            Statement.text,
        )
        .join(Claim, Claim.id == Statement.claim_id)
        .join(Article, Article.id == Statement.article_id)
        .where(Claim.cluster_id == cluster_id)
    )
    reports = [Report("attribution", *row) for row in attributions]
    reports += [Report("statement", *row, Stance.asserts) for row in statements]
    return sorted(
        reports, key=lambda r: (r.published_at is None, r.published_at or datetime.min, r.article_id, r.start)
    )


def label_reports(reports: list[Report]) -> list[LabelledReport]:
    """Each report against the first one: same wording, paraphrase, variant or contradiction."""
    if not reports:
        return []
    first = reports[0]
    out = [LabelledReport(first, ClusterLabel.first, [], [])]
    seen: dict[tuple[str, Stance], LabelledReport] = {}
    for r in reports[1:]:
        known = seen.get((r.text, r.stance))
        if known is None:
            d = compare(first.text, r.text, first.stance, r.stance)
            known = seen[(r.text, r.stance)] = LabelledReport(r, d.label, d.first, d.other)
        out.append(LabelledReport(r, known.label, known.first_differs, known.differs))
    return out


def relabel(session: Session, cluster_id: int) -> list[LabelledReport]:
    """Refresh the labels of a cluster's claims and its variant / contradiction flags."""
    cluster = session.get(ClaimCluster, cluster_id)
    if cluster is None:
        return []
    labelled = label_reports(cluster_reports(session, cluster_id))
    by_claim: dict[int, ClusterLabel] = {}
    for lr in labelled:
        by_claim.setdefault(lr.report.claim_id, lr.label)
    for claim_id, label in by_claim.items():
        session.execute(update(Claim).where(Claim.id == claim_id).values(cluster_label=label))
    cluster.has_variants = any(lr.label == ClusterLabel.variant for lr in labelled)
    cluster.contradicted = any(lr.label == ClusterLabel.contradiction for lr in labelled)
    session.flush()
    return labelled


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

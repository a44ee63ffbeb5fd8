"""A claim's cluster as researchers read it: its reports in publication order, labelled, with differences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.models import Article, Attribution, Claim, ClaimCluster, Outlet, Statement
from app.queries.attributions import item_rows
from app.queries.relay import relay_chains
from app.schemas.claim import ClusterRead
from app.schemas.types import INT_MAX
from app.store.clusters import LabelledReport, cluster_reports, label_reports, report_conditions
from app.store.errors import NotFound

Spans = list[tuple[int, int]]


def segments(text: str, marked: Spans) -> list[dict[str, Any]]:
    """The text cut into runs, each saying whether its words differ from the other report's."""
    out: list[dict[str, Any]] = []
    at = 0
    for start, end in sorted(marked):
        if start > at:
            out.append({"text": text[at:start], "changed": False})
        if out and out[-1]["changed"] and not text[out[-1]["end"] : start].strip():
            # Neighbouring changed words read as one run, with the space between them.
            out[-1]["text"] += text[out[-1]["end"] : end]
            out[-1]["end"] = end
        else:
            out.append({"text": text[start:end], "changed": True, "end": end})
        at = end
    if at < len(text):
        out.append({"text": text[at:], "changed": False})
    return [{"text": s["text"], "changed": s["changed"]} for s in out]


def _statement_items(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = session.execute(
        select(Statement, Article.title, Article.published_at, Article.url, Outlet.name)
        .join(Article, Article.id == Statement.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(Statement.id.in_(ids))
    )
    out = {}
    for st, title, published_at, url, outlet in rows:
        out[st.id] = {
            "id": st.id,
            "article": {
                "id": st.article_id,
                "title": title,
                "outlet": outlet,
                "published_at": published_at,
                "url": url,
            },
            "speaker": None,
            "claim_id": st.claim_id,
            "content": {"text": st.text, "start": st.start, "end": st.end},
            "stance": "asserts",
            "relay_chain": [{"name": outlet or "unknown outlet", "kind": "outlet", "speaker_id": None}],
        }
    return out


def _report(lr: LabelledReport, item: dict[str, Any], first: LabelledReport) -> dict[str, Any]:
    r = lr.report
    differences = None
    if lr is not first:
        differences = {
            "first": segments(first.report.text, lr.first_differs),
            "report": segments(r.text, lr.differs),
        }
    return {
        "kind": r.kind,
        "id": r.id,
        "claim_id": r.claim_id,
        "label": lr.label,
        "first": lr is first,
        "article": item["article"],
        "speaker": item["speaker"],
        "content": item["content"],
        "stance": item["stance"],
        "relay_chain": item["relay_chain"],
        "differences": differences,
    }


def cluster_detail(session: Session, cluster_id: int) -> dict[str, Any]:
    """The cluster's reports, first report first, each labelled against the first with its differing words."""
    cluster = session.get(ClaimCluster, cluster_id)
    if cluster is None:  # gone: merged into another, or never there
        raise NotFound("cluster", cluster_id)
    labelled = label_reports(cluster_reports(session, cluster_id))
    attribution_ids = [lr.report.id for lr in labelled if lr.report.kind == "attribution"]
    items = {i["id"]: i for i in item_rows(session, attribution_ids)}
    chains = relay_chains(session, list(items.values()))
    for i, item in items.items():
        item["relay_chain"] = chains[i]
    statements = _statement_items(session, [lr.report.id for lr in labelled if lr.report.kind == "statement"])
    reports = []
    for lr in labelled:
        item = (items if lr.report.kind == "attribution" else statements)[lr.report.id]
        reports.append(_report(lr, item, labelled[0]))
    claims = session.execute(
        select(Claim.id, Claim.text, Claim.cluster_label).where(Claim.cluster_id == cluster_id).order_by(Claim.id)
    ).all()
    reported = {lr.report.claim_id for lr in labelled}
    return {
        "id": cluster.id,
        "has_variants": cluster.has_variants,
        "contradicted": cluster.contradicted,
        "claim_count": len(reported),
        "claims": [{"id": i, "text": t, "label": label} for i, t, label in claims if i in reported],
        "reports": reports,
    }


class ClusterFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    has_variants: bool | None = Field(None, description="Only clusters with (true) or without (false) a variant.")
    contradicted: bool | None = Field(None, description="Only clusters with (true) or without (false) a contradiction.")
    min_reports: int = Field(1, ge=1, le=INT_MAX, description="Only clusters with at least this many reports.")


def cluster_ids(session: Session, f: ClusterFilters, batch: int = 500) -> Iterator[int]:
    """Every cluster holding at least one attributed report (not only statements), by id, a batch at a time."""
    conditions = [
        exists().where(Claim.cluster_id == ClaimCluster.id, Attribution.claim_id == Claim.id, *report_conditions())
    ]
    if f.has_variants is not None:
        conditions.append(ClaimCluster.has_variants.is_(f.has_variants))
    if f.contradicted is not None:
        conditions.append(ClaimCluster.contradicted.is_(f.contradicted))
    last = 0
    while True:
        ids = list(
            session.scalars(
                select(ClaimCluster.id)
                .where(ClaimCluster.id > last, *conditions)
                .order_by(ClaimCluster.id)
                .limit(batch)
            )
        )
        yield from ids
        if len(ids) < batch:
            return
        last = ids[-1]


def clusters_document(session: Session, f: ClusterFilters) -> Iterator[str]:
    """`{"clusters": [...]}`: each cluster as GET /api/claims/{id} shows it, written piece by piece."""
    yield '{"clusters": ['
    n = 0
    for cluster_id in cluster_ids(session, f):
        detail = cluster_detail(session, cluster_id)
        if len(detail["reports"]) < f.min_reports:
            continue
        yield ("," if n else "") + "\n" + ClusterRead.model_validate(detail).model_dump_json()
        n += 1
    yield "\n]}\n"

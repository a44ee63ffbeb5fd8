"""A claim's cluster as researchers read it: its reports in publication order, labelled, with differences."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Article, ClaimCluster, Outlet, Statement
from app.queries.attributions import item_rows
from app.queries.relay import relay_chains
from app.store.clusters import LabelledReport, cluster_reports, label_reports

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
    cluster = session.get_one(ClaimCluster, cluster_id)
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
    return {
        "id": cluster.id,
        "has_variants": cluster.has_variants,
        "contradicted": cluster.contradicted,
        "claim_count": len({lr.report.claim_id for lr in labelled}),
        "reports": reports,
    }

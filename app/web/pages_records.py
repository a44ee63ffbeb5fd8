"""The pages of single records: an article with its highlights, a speaker, a claim; and their lists."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from app.models import Speaker, SpeakerKind, Status
from app.queries.articles import ArticleFilters, article_detail, list_articles
from app.queries.attributions import AttributionFacet
from app.queries.claims import ClaimFilters, claim_detail, list_claims
from app.queries.relay import relay_chains
from app.queries.speakers import SpeakerFilters, SpeakerSort, list_speakers, speaker_detail
from app.store.attributions import article_etags
from app.store.errors import InputError, NotFound
from app.web.context import PageSession, render
from app.web.highlight import NEUTRAL, number_items, render_text
from app.web.pages_search import result_page
from app.web.params import parse_search

router = APIRouter()

LIST_SIZE = 50
SPEAKER_FACETS = [
    AttributionFacet.outlet,
    AttributionFacet.anonymous,
    AttributionFacet.via,
    AttributionFacet.quote_type,
    AttributionFacet.stance,
    AttributionFacet.status,
    AttributionFacet.month,
]


def not_found(request: Request, what: str) -> HTMLResponse:
    return render(request, "not_found.html", status=404, what=what)


def _span(span: dict[str, Any] | None) -> dict[str, Any] | None:
    return {"start": span["start"], "end": span["end"], "text": span["text"]} if span else None


def _for_script(item: dict[str, Any], etag: str | None) -> dict[str, Any]:
    """What the article page's script needs of a statement (the form's starting values and the version they
    are of, sent back as If-Match), nothing more."""
    who = item["speaker"]
    return {
        "id": item["id"],
        "etag": etag,
        "speaker": {"id": who["id"], "name": who["name"], "kind": str(who["kind"].value)} if who else None,
        "content": _span(item["content"]),
        "cue": _span(item["cue"]),
        "speaker_mention": _span(item["speaker_mention"]),
        "anonymity_reason": _span(item["anonymity_reason"]),
        "quote_type": item["quote_type"].value,
        "stance": item["stance"].value,
        "anonymous": item["anonymous"],
        "status": item["status"].value,
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse, name="article")
def article_page(request: Request, session: PageSession, article_id: int) -> HTMLResponse:
    try:
        article = article_detail(session, article_id)
    except NotFound:
        return not_found(request, f"article {article_id}")
    marked = number_items(article["attributions"])
    legend: dict[Any, dict[str, Any]] = {}
    for m in marked:
        who = m.item["speaker"]
        key = who["id"] if who else None
        entry = legend.setdefault(key, {"speaker": who, "colour": m.colour, "numbers": []})
        entry["numbers"].append(m.number)
    # The key lists the speakers in the order of their colours; the neutral ones last.
    ordered = sorted(legend.values(), key=lambda e: (e["colour"], e["numbers"][0]))
    items = article["attributions"]
    etags = article_etags(session, article_id)
    present = {
        "mention": any(i["speaker_mention"] for i in items),
        "cue": any(i["cue"] for i in items),
        "reason": any(i["anonymity_reason"] for i in items),
        "suggested": any(i["status"] == Status.suggested for i in items),
        "relay": any(i["via"] and i["via"]["mention"] for i in items),
    }
    return render(
        request,
        "article.html",
        article=article,
        present=present,
        marked=marked,
        legend=ordered,
        neutral=NEUTRAL,
        text_html=render_text(article["text"], marked, article["regions"]),
        data={"article_id": article_id, "attributions": [_for_script(i, etags.get(i["id"])) for i in items]},
        region_kinds=sorted({str(r["kind"].value) for r in article["regions"]}),
    )


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse, name="speaker")
def speaker_page(request: Request, session: PageSession, speaker_id: int) -> HTMLResponse:
    try:
        speaker = speaker_detail(session, speaker_id)
    except NotFound:
        return not_found(request, f"speaker {speaker_id}")
    state, cursor = parse_search(request.query_params, fixed=[("speaker", str(speaker_id))])
    results = result_page(session, state, cursor, SPEAKER_FACETS)
    merged_into = session.get(Speaker, speaker["merged_into_id"]) if speaker["merged_into_id"] else None
    merged_from = list(session.scalars(select(Speaker).where(Speaker.merged_into_id == speaker_id)))
    home = session.get(Speaker, speaker_id)
    return render(
        request,
        "speaker.html",
        speaker=speaker,
        merged_into=merged_into,
        merged_from=merged_from,
        home_article=home.article if home and home.article_id else None,
        anonymous=speaker["kind"] == SpeakerKind.anonymous,
        **results,
    )


@router.get("/claims/{claim_id}", response_class=HTMLResponse, name="claim")
def claim_page(request: Request, session: PageSession, claim_id: int) -> HTMLResponse:
    try:
        claim = claim_detail(session, claim_id)
    except NotFound:
        return not_found(request, f"claim {claim_id}")
    first = (claim["first_report"] or {}).get("attribution_id")
    return render(request, "claim.html", claim=claim, first=first, chains=relay_chains(session, claim["attributions"]))


def _list_or_error(fn: Any, *args: Any) -> tuple[list[dict[str, Any]], str | None, str | None]:
    try:
        items, nxt = fn(*args)
        return items, nxt, None
    except InputError as exc:
        items, nxt = fn(*args[:-1], None)
        return items, nxt, f"{exc} — showing the first page"


@router.get("/speakers", response_class=HTMLResponse, name="speakers")
def speakers_page(request: Request, session: PageSession) -> HTMLResponse:
    qp = request.query_params
    kinds = [k for k in qp.getlist("kind") if k in SpeakerKind.__members__]
    f = SpeakerFilters(q=(qp.get("q") or "").strip()[:300] or None, kind=kinds)
    items, nxt, error = _list_or_error(
        list_speakers, session, f, SpeakerSort.attribution_count_desc, LIST_SIZE, qp.get("cursor")
    )
    return render(request, "speakers.html", items=items, next=nxt, f=f, kinds=list(SpeakerKind), error=error)


@router.get("/articles", response_class=HTMLResponse, name="articles")
def articles_page(request: Request, session: PageSession) -> HTMLResponse:
    qp = request.query_params
    f = ArticleFilters(q=(qp.get("q") or "").strip()[:300] or None, outlet=[o for o in qp.getlist("outlet") if o])
    items, nxt, error = _list_or_error(list_articles, session, f, LIST_SIZE, qp.get("cursor"))
    return render(request, "articles.html", items=items, next=nxt, f=f, error=error)


@router.get("/claims", response_class=HTMLResponse, name="claims")
def claims_page(request: Request, session: PageSession) -> HTMLResponse:
    qp = request.query_params
    f = ClaimFilters(
        q=(qp.get("q") or "").strip()[:500] or None,
        has_variants=True if qp.get("has_variants") == "true" else None,
        contradicted=True if qp.get("contradicted") == "true" else None,
    )
    items, nxt, error = _list_or_error(list_claims, session, f, LIST_SIZE, qp.get("cursor"))
    return render(request, "claims.html", items=items, next=nxt, f=f, error=error)

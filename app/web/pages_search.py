"""The search page (home) and the sourcing dashboard."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.queries import attributions as q
from app.queries.attributions import AttributionFacet, AttributionFilters
from app.queries.facets import facets as facets_of
from app.queries.fts import newest_matches
from app.queries.speakers import SpeakerFilters, SpeakerSort, list_speakers
from app.queries.stats import SourcingGroup, sourcing_by
from app.store.errors import InputError
from app.web.context import PageSession, render
from app.web.params import SearchState, month_range, parse_search

router = APIRouter()

PAGE_SIZE = 50
SEARCH_FACETS = [
    AttributionFacet.speaker,
    AttributionFacet.speaker_kind,
    AttributionFacet.kind,
    AttributionFacet.outlet,
    AttributionFacet.anonymous,
    AttributionFacet.via,
    AttributionFacet.quote_type,
    AttributionFacet.stance,
    AttributionFacet.status,
]
# Months are left out of the search's facets: grouping 100,000 rows by a computed month costs as much
# as the other facets together; the date fields narrow by date and the dashboard charts months.


def result_page(session: Any, state: SearchState, cursor: str | None, facets: list[AttributionFacet]) -> dict[str, Any]:
    """One page of results and the facets of the whole result, as the search and speaker pages show them."""
    f = state.filters()
    errors = list(state.errors)
    matches = newest_matches(session, f.q) if f.q else None
    try:
        page = q.page_ids(session, f, state.sort, PAGE_SIZE, cursor, matches)
    except InputError as exc:
        errors.append(f"{exc} — showing the first page")
        cursor = None
        page = q.page_ids(session, f, state.sort, PAGE_SIZE, None, matches)
    found = facets_of(session, f, facets, matches)
    counts = found.counts
    # Every match is either anonymous or named, so that facet's counts add up to the total for free; when a
    # search's facets counted only its newest matches, the total is "at least" that many.
    total = sum(v["count"] for v in counts.get(AttributionFacet.anonymous, [])) if counts else None
    return {
        "state": state,
        "items": q.item_rows(session, page.ids),
        "next": page.next,
        "cursor": cursor,
        "facets": counts,
        "facets_truncated": found.truncated,
        "facets_partial": found.partial,
        "total": total,
        "errors": errors,
    }


SPEAKER_FIRST = 10


def speaker_statements(session: Any, state: SearchState) -> dict[str, Any] | None:
    """When the words name a speaker (name or alias), that speaker's statements, shown before the full text.

    The same search with `speaker_name` in place of `q`; None when the words name no one.
    """
    words = state.value("q").strip('"* ')
    if not words or state.value("speaker_name") or len(words.split()) > 4:
        return None
    f = state.filters().model_copy(update={"q": None, "speaker_name": words})
    page = q.page_ids(session, f, state.sort, SPEAKER_FIRST, None)
    if not page.ids:
        return None
    pairs = [p for p in state.pairs if p[0] != "q"] + [("speaker_name", words)]
    return {
        "words": words,
        "items": q.item_rows(session, page.ids),
        "total": q.count(session, f),
        "link": SearchState(pairs=pairs, sort=state.sort).adding(),
    }


@router.get("/", response_class=HTMLResponse, name="search")
def search_page(request: Request, session: PageSession) -> HTMLResponse:
    state, cursor = parse_search(request.query_params)
    words = state.value("q")
    # Someone typing a name into the box most likely wants that speaker: their statements come first.
    speakers: list[dict[str, Any]] = []
    by_speaker = None
    if words and not cursor:
        by_speaker = speaker_statements(session, state)
        if len(words.split()) <= 4:
            speakers, _ = list_speakers(
                session, SpeakerFilters(q=words.strip('"* ')), SpeakerSort.attribution_count_desc, 5, None
            )
    return render(
        request,
        "search.html",
        speakers=speakers,
        by_speaker=by_speaker,
        **result_page(session, state, cursor, SEARCH_FACETS),
    )


def _share_rows(state: SearchState, rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        label = r["label"]
        where = (month_range(label) if key == "month" else ((key, label),)) if label else None
        links = None
        if where:
            links = (state.adding(*where, ("anonymous", True)), state.adding(*where, ("anonymous", False)))
        out.append(
            {
                "label": label or ("undated" if key == "month" else "no outlet"),
                "total": r["total"],
                "anonymous": r["anonymous"],
                "named": r["total"] - r["anonymous"],
                "share": r["anonymous_share"],
                "via": r["via_outlet"],
                "links": {"anonymous": "/" + links[0], "named": "/" + links[1]} if links else None,
            }
        )
    return out


def _facet_rows(state: SearchState, key: str, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"label": str(v["label"]), "count": v["count"], "link": "/" + state.adding((key, v["value"]))} for v in values
    ]


@router.get("/dashboard", response_class=HTMLResponse, name="dashboard")
def dashboard_page(request: Request, session: PageSession) -> HTMLResponse:
    state, _ = parse_search(request.query_params)
    f: AttributionFilters = state.filters()
    counts = facets_of(
        session,
        f,
        [AttributionFacet.quote_type, AttributionFacet.stance, AttributionFacet.speaker, AttributionFacet.speaker_kind],
    ).counts
    mix = sourcing_by(session, [SourcingGroup.outlet, SourcingGroup.month], f)
    data = {
        "outlets": _share_rows(state, mix[SourcingGroup.outlet], "outlet"),
        "months": _share_rows(state, mix[SourcingGroup.month], "month"),
        "quote_types": _facet_rows(state, "quote_type", counts[AttributionFacet.quote_type]),
        "stances": _facet_rows(state, "stance", counts[AttributionFacet.stance]),
        "speakers": _facet_rows(state, "speaker", counts[AttributionFacet.speaker][:15]),
        "speaker_kinds": _facet_rows(state, "speaker_kind", counts[AttributionFacet.speaker_kind]),
    }
    total = sum(r["total"] for r in data["outlets"])
    return render(request, "dashboard.html", state=state, data=data, total=total, errors=state.errors)

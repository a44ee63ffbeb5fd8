from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from app.api.deps import AdminDep, EditorDep, IfMatch, ReaderDep, SessionDep
from app.api.openapi import error_responses
from app.api.routes.params import AttributionListParams
from app.models import Article, Attribution, Change, Speaker, SpeakerKind
from app.queries import attributions as q
from app.queries.attributions import AttributionFilters
from app.queries.facets import facets
from app.queries.fts import newest_matches
from app.schemas.attribution import AttributionCreate, AttributionPage, AttributionRead, AttributionUpdate
from app.schemas.change import ChangeRead
from app.schemas.types import IdPath
from app.store import history
from app.store.attributions import (
    AttributionFields,
    create_attribution,
    delete_attribution,
    snapshot,
    update_attribution,
)
from app.store.errors import InputError, NotFound
from app.store.preconditions import check_if_match, etag, lock_row
from app.store.speakers import SpeakerSpec, resolve_speaker

router = APIRouter(prefix="/attributions", tags=["attributions"])


def filters_of(params: AttributionFilters) -> AttributionFilters:
    return AttributionFilters.model_validate(params.model_dump(include=set(AttributionFilters.model_fields)))


@router.get("", response_model=AttributionPage, responses=error_responses(400))
def list_attributions(
    session: SessionDep, _: ReaderDep, params: Annotated[AttributionListParams, Query()]
) -> dict[str, Any]:
    """Every attributed statement, filtered, sorted, keyset-paginated, with facet counts on request."""
    f = filters_of(params)
    matches = newest_matches(session, f.q) if f.q else None
    page = q.page_ids(session, f, params.sort, params.limit, params.cursor, matches)
    out: dict[str, Any] = {"items": q.item_rows(session, page.ids), "next": page.next}
    if params.total:
        out["total"] = q.count(session, f, matches)
    if params.facet:
        found = facets(session, f, list(dict.fromkeys(params.facet)), matches)
        out["facets"], out["facets_truncated"] = found.counts, found.truncated
        if found.counted is not None:
            out["facets_counted"], out["facets_partial"] = found.counted, found.partial
    return out


def _locked(session: SessionDep, attribution_id: int, if_match: str | None) -> Attribution:
    """The attribution, locked for this edit, after checking the client's If-Match against it."""
    a = lock_row(session, Attribution, attribution_id)
    if a is None:
        raise NotFound("attribution", attribution_id)
    check_if_match(if_match, snapshot(a), "attribution", lambda: _read(session, attribution_id))
    return a


def _tagged(session: SessionDep, response: Response, attribution_id: int) -> dict[str, Any]:
    """The attribution as the API shows it, with its ETag header."""
    body = _read(session, attribution_id)
    a = session.get(Attribution, attribution_id)
    assert a is not None
    response.headers["ETag"] = etag(snapshot(a))
    return body


def _read(session: SessionDep, attribution_id: int) -> dict[str, Any]:
    rows = q.item_rows(session, [attribution_id])
    if not rows:
        raise NotFound("attribution", attribution_id)
    return rows[0]


@router.get("/{attribution_id}", response_model=AttributionRead, responses=error_responses(404))
def get_attribution(session: SessionDep, _: ReaderDep, attribution_id: IdPath, response: Response) -> dict[str, Any]:
    """One attribution with its spans; the ETag header is its version, for If-Match on PATCH and DELETE."""
    return _tagged(session, response, attribution_id)


@router.get("/{attribution_id}/history", response_model=list[ChangeRead], responses=error_responses(404))
def attribution_history(session: SessionDep, _: ReaderDep, attribution_id: IdPath) -> list[Change]:
    """Every recorded edit of one attribution, oldest first.

    A deleted attribution is gone here as at its own address (404); its history, deletion included,
    stays in `/api/changes?entity_type=attribution&entity_id=...`.
    """
    if session.get(Attribution, attribution_id) is None:
        raise NotFound("attribution", attribution_id)
    return list(
        session.scalars(
            select(Change)
            .where(Change.entity_type == "attribution", Change.entity_id == attribution_id)
            .order_by(Change.id)
        )
    )


def _speaker(session: SessionDep, speaker_id: int | None, field: str) -> Speaker | None:
    if speaker_id is None:
        return None
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise InputError(field, f"no speaker {speaker_id}")
    return speaker


def _parent(session: SessionDep, parent_id: int | None, article_id: int) -> Attribution | None:
    if parent_id is None:
        return None
    parent = session.get(Attribution, parent_id)
    if parent is None or parent.article_id != article_id:
        raise InputError("parent_id", f"no attribution {parent_id} in the same article")
    return parent


@router.post("", response_model=AttributionRead, status_code=201, responses=error_responses(409))
def create(session: SessionDep, actor: EditorDep, body: AttributionCreate, response: Response) -> dict[str, Any]:
    """Code an attribution by hand; its spans are checked against the article text."""
    article = session.get(Article, body.article_id)
    if article is None:
        raise InputError("article_id", f"no article {body.article_id}")
    speaker = _speaker(session, body.speaker_id, "speaker_id")
    if speaker is None and body.speaker_name:
        kind = body.speaker_kind or SpeakerKind.person
        aliases = () if kind == SpeakerKind.anonymous else (body.speaker_name,)
        speaker = resolve_speaker(session, SpeakerSpec(name=body.speaker_name, kind=kind, aliases=aliases), article)
    if speaker is None:
        raise InputError("speaker_id", "give speaker_id or speaker_name")
    anonymous = body.anonymous if body.anonymous is not None else speaker.kind == SpeakerKind.anonymous
    a = create_attribution(
        session,
        article,
        speaker,
        AttributionFields(
            content=body.content.pair(),
            kind=body.kind,
            cue=body.cue.pair() if body.cue else None,
            speaker_mention=body.speaker_mention.pair() if body.speaker_mention else None,
            quote_type=body.quote_type,
            stance=body.stance,
            anonymous=anonymous,
            anonymity_reason=body.anonymity_reason.pair() if body.anonymity_reason else None,
            anonymity_reason_category=body.anonymity_reason_category,
            via=body.via.pair() if body.via else None,
            via_speaker=_speaker(session, body.via_speaker_id, "via_speaker_id"),
            parent=_parent(session, body.parent_id, article.id),
            status=body.status,
        ),
    )
    session.flush()
    history.record(
        session,
        actor=actor.name,
        action="attribution.create",
        entity_type="attribution",
        entity_id=a.id,
        before=None,
        after=snapshot(a),
    )
    return _tagged(session, response, a.id)


@router.patch("/{attribution_id}", response_model=AttributionRead, responses=error_responses(404, 409, 412))
def update(
    session: SessionDep,
    actor: EditorDep,
    attribution_id: IdPath,
    body: AttributionUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Confirm, reject or correct an attribution (spans, speaker, quote type, stance...)."""
    a = _locked(session, attribution_id, if_match)
    sent = body.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {}
    for field in ("content", "cue", "speaker_mention", "anonymity_reason", "via"):
        if field in sent:
            span = getattr(body, field)
            changes[field] = span.pair() if span else None
    if "speaker_id" in sent:
        changes["speaker"] = _speaker(session, body.speaker_id, "speaker_id")
    if "via_speaker_id" in sent:
        changes["via_speaker"] = _speaker(session, body.via_speaker_id, "via_speaker_id")
    if "parent_id" in sent:
        if body.parent_id == a.id:
            raise InputError("parent_id", "an attribution cannot be its own parent")
        changes["parent"] = _parent(session, body.parent_id, a.article_id)
    for field in ("kind", "quote_type", "stance", "anonymous", "anonymity_reason_category", "status"):
        if field in sent:
            changes[field] = getattr(body, field)
    if not changes:
        raise InputError("body", "nothing to change")
    update_attribution(session, a, changes, actor.name)
    return _tagged(session, response, a.id)


@router.delete("/{attribution_id}", status_code=204, responses=error_responses(403, 404, 409, 412))
def delete(session: SessionDep, actor: AdminDep, attribution_id: IdPath, if_match: IfMatch = None) -> Response:
    """Delete an attribution (admin; recorded in the change history). Editors reject instead."""
    delete_attribution(session, _locked(session, attribution_id, if_match), actor.name)
    return Response(status_code=204)

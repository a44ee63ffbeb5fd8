from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import Session

from app.api.deps import AdminDep, EditorDep, IfMatch, ReaderDep, SessionDep
from app.api.openapi import error_responses
from app.api.routes.params import SpeakerListParams
from app.models import Speaker
from app.queries.speakers import SpeakerFilters, list_speakers, speaker_detail
from app.schemas.speaker import SpeakerMerge, SpeakerPage, SpeakerRead, SpeakerUpdate
from app.schemas.types import IdPath
from app.store import history
from app.store.errors import InputError, NotFound
from app.store.preconditions import check_if_match, etag, lock_row, lock_rows
from app.store.speakers import add_alias, merge_speakers, speaker_snapshot, unmerge_speaker

router = APIRouter(prefix="/speakers", tags=["speakers"])


def _locked(session: Session, speaker_id: int) -> Speaker:
    """The speaker, locked for this edit."""
    speaker = lock_row(session, Speaker, speaker_id)
    if speaker is None:
        raise NotFound("speaker", speaker_id)
    return speaker


def _tagged(session: Session, response: Response, speaker_id: int) -> dict[str, Any]:
    """The speaker as the API shows it, with its ETag header."""
    body = speaker_detail(session, speaker_id)
    speaker = session.get(Speaker, speaker_id)
    assert speaker is not None
    response.headers["ETag"] = etag(speaker_snapshot(speaker))
    return body


@router.get("", response_model=SpeakerPage, responses=error_responses(400))
def get_speakers(session: SessionDep, _: ReaderDep, params: Annotated[SpeakerListParams, Query()]) -> dict[str, Any]:
    """Speakers with their attribution and article counts; `q` matches names and aliases."""
    f = SpeakerFilters.model_validate(params.model_dump(include=set(SpeakerFilters.model_fields)))
    items, nxt = list_speakers(session, f, params.sort, params.limit, params.cursor)
    return {"items": items, "next": nxt}


@router.get("/{speaker_id}", response_model=SpeakerRead, responses=error_responses(404))
def get_speaker(session: SessionDep, _: ReaderDep, speaker_id: IdPath, response: Response) -> dict[str, Any]:
    """One speaker: aliases, dated roles with their evidence, counts by outlet and quote type; ETag header."""
    return _tagged(session, response, speaker_id)


@router.patch("/{speaker_id}", response_model=SpeakerRead, responses=error_responses(404, 409, 412))
def update_speaker(
    session: SessionDep,
    actor: EditorDep,
    speaker_id: IdPath,
    body: SpeakerUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Rename a speaker, change its kind or description, or replace its aliases."""
    speaker = _locked(session, speaker_id)
    before = speaker_snapshot(speaker)
    check_if_match(if_match, before, "speaker", lambda: speaker_detail(session, speaker_id))
    sent = body.model_dump(exclude_unset=True)
    if not sent:
        raise InputError("body", "nothing to change")
    for field in ("name", "kind", "descriptor", "plural", "affiliation", "descriptor_class"):
        if field in sent:
            setattr(speaker, field, sent[field])
    if body.aliases is not None:
        speaker.aliases.clear()
        session.flush()
        for alias in [*body.aliases, speaker.name]:
            add_alias(session, speaker, alias)
    session.flush()
    history.record(
        session,
        actor=actor.name,
        action="speaker.update",
        entity_type="speaker",
        entity_id=speaker.id,
        before=before,
        after=speaker_snapshot(speaker),
    )
    return _tagged(session, response, speaker.id)


@router.post("/{speaker_id}/merge", response_model=SpeakerRead, responses=error_responses(404, 409))
def merge(session: SessionDep, actor: AdminDep, speaker_id: IdPath, body: SpeakerMerge) -> dict[str, Any]:
    """Merge this speaker into another: its attributions, roles and aliases move; undo with /unmerge (admin)."""
    source, target = lock_rows(session, Speaker, [speaker_id, body.into])
    if source is None:
        raise NotFound("speaker", speaker_id)
    if target is None:
        raise InputError("into", f"no speaker {body.into}")
    try:
        merge_speakers(session, source, target, actor.name)
    except ValueError as exc:
        raise InputError("into", str(exc), status=409) from exc
    return speaker_detail(session, target.id)


@router.post("/{speaker_id}/unmerge", response_model=SpeakerRead, responses=error_responses(404, 409))
def unmerge(session: SessionDep, actor: AdminDep, speaker_id: IdPath) -> dict[str, Any]:
    """Undo the merge of this speaker: what moved goes back to it (admin)."""
    seen = session.get(Speaker, speaker_id)
    if seen is None:
        raise NotFound("speaker", speaker_id)
    # Both speakers are locked, in id order as a merge locks them.
    source = lock_rows(session, Speaker, [speaker_id, *([seen.merged_into_id] if seen.merged_into_id else [])])[0]
    assert source is not None
    try:
        unmerge_speaker(session, source, actor.name)
    except ValueError as exc:
        raise InputError("speaker_id", str(exc), status=409) from exc
    return speaker_detail(session, source.id)

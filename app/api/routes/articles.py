from __future__ import annotations

import json
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from app.api.deps import AdminDep, EditorDep, IfMatch, ReaderDep, SessionDep, get_settings
from app.api.openapi import error_responses
from app.api.routes.params import ArticleListParams
from app.models import Article
from app.queries.articles import ArticleFilters, article_detail, list_articles
from app.schemas.article import ArticlePage, ArticleRead
from app.schemas.types import INPUT_DATETIME_FORMS, IdPath, parse_flag
from app.store import history
from app.store.articles import ArticleInput, article_snapshot, check_article_size, ingest_article
from app.store.errors import InputError, NotFound
from app.store.preconditions import check_if_match, etag, lock_row
from app.text.html import UnreadableHtml, html_to_article

router = APIRouter(prefix="/articles", tags=["articles"])

# A form field sent empty (an unfilled date input) counts as absent.
EMPTY_FIELD = {"type": "string", "maxLength": 0}
UPLOAD_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ArticleInput"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "description": "A field sent empty counts as absent.",
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "A .txt or .html file."},
                        "title": {"type": "string"},
                        "url": {"type": "string"},
                        "outlet": {"type": "string"},
                        "published_at": {"anyOf": [*INPUT_DATETIME_FORMS, EMPTY_FIELD]},
                        "authors": {"type": "string", "description": "Comma-separated."},
                        "extract": {"type": "string", "enum": ["true", "false", ""], "default": "true"},
                    },
                }
            },
        },
    }
}


def _validation_error(exc: ValidationError) -> InputError:
    first = exc.errors()[0]
    return InputError(".".join(str(p) for p in first["loc"]) or "body", first["msg"])


async def _upload(form: Any) -> ArticleInput:
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InputError("file", "send the article as a file field named 'file'")
    raw = await upload.read()  # BodySizeLimit has bounded the whole request
    suffix = PurePath(upload.filename or "").suffix.lower()
    fields: dict[str, Any] = {k: v for k, v in form.items() if k != "file" and isinstance(v, str) and v != ""}
    if "extract" in fields:
        try:
            fields["extract"] = parse_flag(fields["extract"])
        except ValueError as exc:
            raise InputError("extract", str(exc)) from exc
    if "authors" in fields:
        fields["authors"] = [a.strip() for a in fields["authors"].split(",") if a.strip()]
    fields.setdefault("source_name", PurePath(upload.filename or "upload").stem)
    if suffix in (".html", ".htm"):
        try:
            page = html_to_article(raw, url=fields.get("url"))
        except UnreadableHtml as exc:
            raise InputError("file", str(exc)) from exc
        fields.setdefault("title", page.title)
        fields.setdefault("url", page.url)
        fields.setdefault("outlet", page.outlet)
        if page.published_at and "published_at" not in fields:
            fields["published_at"] = page.published_at
        if page.authors and "authors" not in fields:
            fields["authors"] = page.authors
        fields["text"] = page.text
    elif suffix in (".txt", ""):
        try:
            fields["text"] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("file", f"is not UTF-8 text (byte {exc.start})") from exc
    else:
        raise InputError("file", f"must be .txt or .html, not {suffix!r}")
    fields = {k: v for k, v in fields.items() if v is not None}
    try:
        return ArticleInput.model_validate(fields)
    except ValidationError as exc:
        raise _validation_error(exc) from exc


async def article_input(request: Request) -> ArticleInput:
    data = await _read_article(request)
    check_article_size(data.text, get_settings(request).max_article_bytes)
    return data


async def _read_article(request: Request) -> ArticleInput:
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        return await _upload(await request.form())
    try:
        data = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError("body", "is not valid JSON", status=400) from exc
    if not isinstance(data, dict):
        raise InputError("body", "must be a JSON object")
    try:
        return ArticleInput.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc) from exc


@router.post(
    "",
    status_code=201,
    response_model=ArticleRead,
    openapi_extra=UPLOAD_SCHEMA,
    responses={
        200: {"model": ArticleRead, "description": "The same text was stored before: that article, `duplicate` true."},
        **error_responses(400, 409, 413),
    },
)
def create_article(session: SessionDep, actor: EditorDep, data: Annotated[ArticleInput, Depends(article_input)]) -> Any:
    """Ingest an article (JSON or a .txt/.html upload); the same text again returns the stored one.

    A text over the server's CLAIMBASE_MAX_ARTICLE_BYTES (default 2 MiB of UTF-8) is refused with 413.
    """
    # Extraction runs in here before anything is written, so other writers never wait on it.
    result = ingest_article(session, data)
    if not result.duplicate:
        history.record(
            session,
            actor=actor.name,
            action="article.create",
            entity_type="article",
            entity_id=result.article.id,
            before=None,
            after={"title": result.article.title, "content_hash": result.article.content_hash},
        )
    session.flush()
    body = {**article_detail(session, result.article.id), "duplicate": result.duplicate}
    payload = jsonable_encoder(ArticleRead.model_validate(body))
    return JSONResponse(payload, status_code=200 if result.duplicate else 201)


@router.get("", response_model=ArticlePage, responses=error_responses(400))
def get_articles(session: SessionDep, _: ReaderDep, params: Annotated[ArticleListParams, Query()]) -> dict[str, Any]:
    """Articles, newest first, filtered by words, outlet and publication dates."""
    f = ArticleFilters.model_validate(params.model_dump(include=set(ArticleFilters.model_fields)))
    items, nxt = list_articles(session, f, params.limit, params.cursor)
    return {"items": items, "next": nxt}


@router.get("/{article_id}", response_model=ArticleRead, responses=error_responses(404))
def get_article(session: SessionDep, _: ReaderDep, article_id: IdPath, response: Response) -> dict[str, Any]:
    """One article: its text exactly as stored, its regions, and every attribution with its spans; ETag header."""
    body = article_detail(session, article_id)
    article = session.get(Article, article_id)
    assert article is not None
    response.headers["ETag"] = etag(article_snapshot(article))
    return body


@router.delete("/{article_id}", status_code=204, responses=error_responses(403, 404, 409, 412))
def delete_article(session: SessionDep, actor: AdminDep, article_id: IdPath, if_match: IfMatch = None) -> Response:
    """Delete an article and its attributions (admin)."""
    article = lock_row(session, Article, article_id)
    if article is None:
        raise NotFound("article", article_id)
    before = article_snapshot(article)
    check_if_match(if_match, before, "article", lambda: article_detail(session, article_id))
    history.record(
        session,
        actor=actor.name,
        action="article.delete",
        entity_type="article",
        entity_id=article.id,
        before=before,
        after=None,
    )
    session.delete(article)
    return Response(status_code=204)

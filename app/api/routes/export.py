from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from enum import StrEnum
from itertools import chain
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import ConfigDict, Field
from sqlalchemy.orm import Session

from app.api.deps import ReaderDep
from app.api.openapi import CSV_MEDIA, NDJSON_MEDIA, error_responses, streamed_responses
from app.queries.annotations import MEDIA_TYPE as ANNOTATION_MEDIA
from app.queries.annotations import Iris, annotation_page
from app.queries.attributions import AttributionFilters, AttributionSort, iter_all
from app.queries.clusters import ClusterFilters, clusters_document
from app.queries.export_rows import csv_header, csv_row, jsonl_line

router = APIRouter(prefix="/export", tags=["export"])


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


class ExportParams(AttributionFilters):
    model_config = ConfigDict(extra="forbid")

    format: ExportFormat = Field(ExportFormat.csv, description="csv or jsonl.")
    sort: AttributionSort = Field(AttributionSort.published_at, description="Sort order.")


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def _first_row(request: Request, params: ExportParams) -> tuple[Session, Any, Iterator[Any]]:
    """The matching attributions in their own session (the stream outlives the request's dependencies), run
    to the first row so a failing query gets its error status before any 200; the session closes on failure."""
    f = AttributionFilters.model_validate(params.model_dump(include=set(AttributionFilters.model_fields)))
    session = request.app.state.sessionmaker()
    try:
        items = iter_all(session, f, params.sort)
        first = next(items, None)
    except BaseException:
        session.close()
        raise
    return session, first, items


def _stream(
    session: Session, first: dict[str, Any] | None, rest: Iterator[dict[str, Any]], csv_format: bool
) -> Iterator[str]:
    """The export in chunks of about 64 kB: the header and first row at once, then the rest as it is read."""
    try:
        lines: Iterator[str]
        items = chain([first] if first is not None else [], rest)
        if csv_format:
            lines = chain([_csv_line(csv_header())], (_csv_line(csv_row(item)) for item in items))
        else:
            lines = (jsonl_line(item) for item in items)
        chunk: list[str] = []
        size = 0
        for n, line in enumerate(lines):
            chunk.append(line)
            size += len(line)
            if n <= 1 or size > 64_000:
                yield "".join(chunk)
                chunk, size = [], 0
        yield "".join(chunk)
    finally:
        session.close()


@router.get("/attributions", response_class=StreamingResponse, responses=streamed_responses("AttributionRead"))
def export_attributions(request: Request, _: ReaderDep, params: Annotated[ExportParams, Query()]) -> StreamingResponse:
    """Every matching attribution (not one page) as CSV or JSONL, streamed.

    The query runs to its first row before the 200 is sent, so a request that fails gets its error status;
    should the stream fail later, the connection is cut rather than the file ending as if it were complete.
    """
    session, first, items = _first_row(request, params)
    csv_format = params.format == ExportFormat.csv
    return StreamingResponse(
        _stream(session, first, items, csv_format),
        media_type=CSV_MEDIA if csv_format else NDJSON_MEDIA,
        headers={"Content-Disposition": f'attachment; filename="claimbase-attributions.{params.format.value}"'},
    )


class AnnotationParams(AttributionFilters):
    model_config = ConfigDict(extra="forbid")

    sort: AttributionSort = Field(AttributionSort.published_at, description="Sort order.")


def _closing(session: Session, chunks: Iterator[str]) -> Iterator[str]:
    try:
        yield from chunks
    finally:
        session.close()


def _json_responses(media: str, description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": description, "content": {media: {"schema": {"type": "object"}}}},
        **error_responses(),
    }


@router.get(
    "/annotations",
    response_class=StreamingResponse,
    responses=_json_responses(ANNOTATION_MEDIA, "A W3C Web Annotation AnnotationPage (JSON-LD)."),
)
def export_annotations(
    request: Request, _: ReaderDep, params: Annotated[AnnotationParams, Query()]
) -> StreamingResponse:
    """Every matching attribution as a W3C Web Annotation (JSON-LD), streamed as one AnnotationPage.

    Each targets its article with a TextQuoteSelector (the exact words, with prefix and suffix) and a
    TextPositionSelector (code-point offsets into the stored text); its bodies name the speaker, the
    relay and the claim (as IRIs under this API) and tag the kind, quote type and stance.
    """
    session, first, items = _first_row(request, params)
    iris = Iris(str(request.base_url))
    chunks = annotation_page(session, chain([first] if first is not None else [], items), iris)
    return StreamingResponse(
        _closing(session, chunks),
        media_type=ANNOTATION_MEDIA,
        headers={"Content-Disposition": 'attachment; filename="claimbase-annotations.jsonld"'},
    )


@router.get(
    "/claims",
    response_class=StreamingResponse,
    responses=_json_responses("application/json", '`{"clusters": [ClusterRead, ...]}`.'),
)
def export_claims(request: Request, _: ReaderDep, params: Annotated[ClusterFilters, Query()]) -> StreamingResponse:
    """Every claim cluster with an attributed report, as GET /api/claims/{id} shows its cluster, streamed as JSON."""
    session = request.app.state.sessionmaker()
    return StreamingResponse(
        _closing(session, clusters_document(session, params)),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="claimbase-claims.json"'},
    )

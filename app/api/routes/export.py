from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import StreamingResponse
from pydantic import ConfigDict, Field

from app.api.deps import ReaderDep
from app.queries.attributions import AttributionFilters, AttributionSort, iter_all
from app.queries.export_rows import csv_header, csv_row

router = APIRouter(prefix="/export", tags=["export"])


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


class ExportParams(AttributionFilters):
    model_config = ConfigDict(extra="forbid")

    format: ExportFormat = Field(ExportFormat.csv, description="csv or jsonl.")
    sort: AttributionSort = Field(AttributionSort.published_at, description="Sort order.")


def _lines(request: Request, f: AttributionFilters, params: ExportParams) -> Iterator[str]:
    # Its own session: the stream outlives the request's dependencies.
    session = request.app.state.sessionmaker()
    try:
        if params.format == ExportFormat.csv:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(csv_header())
            for item in iter_all(session, f, params.sort):
                writer.writerow(csv_row(item))
                if buffer.tell() > 64_000:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()
        else:
            for item in iter_all(session, f, params.sort):
                yield json.dumps(jsonable_encoder(item), ensure_ascii=False) + "\n"
    finally:
        session.close()


@router.get("/attributions")
def export_attributions(request: Request, _: ReaderDep, params: Annotated[ExportParams, Query()]) -> StreamingResponse:
    """Every matching attribution (not one page) as CSV or JSONL, streamed."""
    f = AttributionFilters.model_validate(params.model_dump(include=set(AttributionFilters.model_fields)))
    media = "text/csv; charset=utf-8" if params.format == ExportFormat.csv else "application/x-ndjson"
    filename = f"claimbase-attributions.{params.format.value}"
    return StreamingResponse(
        _lines(request, f, params),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

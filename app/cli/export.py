"""`claimbase export`: every matching attribution as CSV or JSONL, streamed in constant memory."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer

from app.cli.common import (
    DEFAULT_DATABASE_URL,
    DatabaseUrl,
    MinConfidence,
    database,
    fail,
    guarded,
    require_schema,
    session_for,
)
from app.models import AttributionKind, QuoteType, SpeakerKind, Stance, Status
from app.queries.annotations import Iris, annotation_page
from app.queries.attributions import KIND_ALL, AttributionFilters, AttributionSort, iter_all
from app.queries.clusters import ClusterFilters, clusters_document
from app.queries.export_rows import csv_header, csv_row, jsonl_line
from app.schemas.types import parse_id


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    annotations = "annotations"
    claims = "claims"


def build_filters(
    speaker: list[str],
    outlet: list[str],
    speaker_kind: list[SpeakerKind],
    anonymous: bool | None,
    quote_type: list[QuoteType],
    stance: list[Stance],
    via: str | None,
    q: str | None,
    published_from: datetime | None,
    published_to: datetime | None,
    status: list[Status],
    article: int | None,
    kind: list[str] = (),
    min_confidence: float | None = None,
) -> AttributionFilters:
    """--speaker takes ids and names alike: ASCII digits are an id, anything else a name (or alias) to look for."""
    ids = [i for i in map(parse_id, speaker) if i is not None]
    names = [s.strip() for s in speaker if parse_id(s) is None]
    if len(names) > 1:
        fail("--speaker: give at most one name (ids may be repeated)")
    if published_from and published_to and published_from > published_to:
        fail("--published-from is after --published-to")
    return AttributionFilters(
        speaker=ids,
        speaker_name=names[0] if names else None,
        outlet=outlet,
        speaker_kind=speaker_kind,
        anonymous=anonymous,
        quote_type=quote_type,
        stance=stance,
        via=via,
        q=q,
        published_from=published_from.date() if published_from else None,
        published_to=published_to.date() if published_to else None,
        status=status,
        article=article,
        kind=list(kind),
        min_confidence=min_confidence,
    )


@contextmanager
def _destination(output: Path | None) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    # newline="" because the csv module writes its own line ends.
    with output.open("w", encoding="utf-8", newline="") as fh:
        yield fh


DATE = ["%Y-%m-%d"]
KIND_CHOICES = [*AttributionKind, KIND_ALL]


def _kinds(values: list[str]) -> list[str]:
    kinds = [k.strip() for v in values for k in v.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KIND_CHOICES]
    if unknown:
        raise typer.BadParameter(f"{unknown[0]!r} is not one of {', '.join(KIND_CHOICES)}")
    return kinds


@guarded
def export(
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv (flat columns), jsonl, annotations (W3C Web Annotation JSON-LD of the attributions) "
            "or claims (claim clusters as JSON).",
        ),
    ] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    speaker: Annotated[list[str], typer.Option(help="Speaker id, or a name/alias to look for; repeatable.")] = [],  # noqa: B006
    outlet: Annotated[list[str], typer.Option(help="Outlet name or id; repeatable.")] = [],  # noqa: B006
    speaker_kind: Annotated[list[SpeakerKind], typer.Option(help="Speaker kind; repeatable.")] = [],  # noqa: B006
    anonymous: Annotated[
        bool | None, typer.Option("--anonymous/--named", help="Only anonymous, or only named, sources.")
    ] = None,
    quote_type: Annotated[list[QuoteType], typer.Option(help="Quote type; repeatable.")] = [],  # noqa: B006
    stance: Annotated[list[Stance], typer.Option(help="Stance; repeatable.")] = [],  # noqa: B006
    via: Annotated[str | None, typer.Option(help="Relayed through this outlet (name), or `any`.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Full-text search over the content.")] = None,
    published_from: Annotated[datetime | None, typer.Option(formats=DATE, help="Published on or after.")] = None,
    published_to: Annotated[datetime | None, typer.Option(formats=DATE, help="Published on or before.")] = None,
    status: Annotated[list[Status], typer.Option(help="Status; repeatable (default: all but rejected).")] = [],  # noqa: B006
    article: Annotated[int | None, typer.Option(help="Only this article (id).")] = None,
    kind: Annotated[
        list[str],
        typer.Option(
            callback=_kinds,
            help="Kind of attribution (speech, belief, intention, evidence, action, or all); repeatable or"
            " comma-separated (default: speech and belief).",
        ),
    ] = [],  # noqa: B006
    min_confidence: MinConfidence = None,
    sort: Annotated[AttributionSort, typer.Option(help="Order of the rows.")] = AttributionSort.published_at,
    has_variants: Annotated[
        bool | None,
        typer.Option("--has-variants/--no-variants", help="claims: only clusters with (without) a variant."),
    ] = None,
    contradicted: Annotated[
        bool | None,
        typer.Option("--contradicted/--not-contradicted", help="claims: only clusters with (without) a contradiction."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="annotations: the claimbase server's URL, for the IRIs (default: urn:claimbase:...)."),
    ] = None,
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Write every attribution matching the filters (CSV, JSONL or Web Annotations), or the claim clusters."""
    if format != ExportFormat.claims and (has_variants is not None or contradicted is not None):
        fail("--has-variants and --contradicted select claim clusters: use them with --format claims")
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        fail("--base-url must be an http(s) URL")
    filters = build_filters(
        speaker,
        outlet,
        speaker_kind,
        anonymous,
        quote_type,
        stance,
        via,
        q,
        published_from,
        published_to,
        status,
        article,
        kind,
        min_confidence,
    )
    written = 0
    with database(database_url) as engine:
        require_schema(engine)
        with session_for(engine) as session, _destination(output) as out:
            if format == ExportFormat.claims:
                if filters != AttributionFilters():
                    fail("attribution filters do not apply to --format claims (use --has-variants, --contradicted)")
                cluster_filters = ClusterFilters(has_variants=has_variants, contradicted=contradicted)
                for chunk in clusters_document(session, cluster_filters):
                    out.write(chunk)
                    written += chunk.startswith((",", "\n{"))
            elif format == ExportFormat.annotations:
                for chunk in annotation_page(session, iter_all(session, filters, sort), Iris(base_url)):
                    out.write(chunk)
                    written += chunk.startswith((",", "\n{"))
            elif format == ExportFormat.csv:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(csv_header())
                for item in iter_all(session, filters, sort):
                    writer.writerow(csv_row(item))
                    written += 1
            else:
                for item in iter_all(session, filters, sort):
                    out.write(jsonl_line(item))
                    written += 1
    if output is not None:
        what = "claim clusters" if format == ExportFormat.claims else "attributions"
        typer.echo(f"{written} {what} written to {output}", err=True)

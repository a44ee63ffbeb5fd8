"""`claimbase ingest` and `claimbase sample`: files, folders and the sample corpus into the database."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from app.cli.common import (
    DEFAULT_DATABASE_URL,
    DatabaseUrl,
    MinConfidence,
    database,
    echo_err,
    fail,
    guarded,
    session_for,
)
from app.cli.progress import progress_bar, say
from app.ingest.pipeline import Ingestor, IngestStats, extractor_available, extractor_for
from app.ingest.readers import ArticleRecord, GoldRecord, ReadError, article_from_mapping, file_records
from app.ingest.sidecar import FileMeta, SidecarError, sidecar_metadata
from app.ingest.sources import FileKind, Problem, SourceFile, collect, count_articles
from app.migrations_support import upgrade
from app.store.sample_corpus import corpus_mix, remove_sample

# Writing an article costs a fraction of extracting it (benchmarks/ingest_throughput.py), so every core
# extracts and the writing process mostly waits for them.
DEFAULT_WORKERS = os.cpu_count() or 1
# The fast extractor is the other way round: one process extracts several times faster than one writes, and a
# second only takes CPU from the writer and the database (on two cores: 42 against 39 articles/s into
# PostgreSQL, 58 against 50 into SQLite).
FAST_WORKERS = 1
# Fewer articles than this are extracted in the writing process: starting a pool (each process loads the
# extractor's models, a second or two) would cost more than it saves.
POOL_MIN_ARTICLES = 20

NoExtract = Annotated[bool, typer.Option("--no-extract", help="Store the texts without running the extractor.")]
Fast = Annotated[
    bool,
    typer.Option(
        "--fast", help="Extract with the fast path (the rules' candidates, scored): several times faster, less recall."
    ),
]
Workers = Annotated[
    int,
    typer.Option(
        min=0,
        show_default=False,
        help="Extraction processes beside the writing one; 0 extracts in the writing process "
        f"(default: the number of CPU cores, {DEFAULT_WORKERS} here).",
    ),
]
IngestWorkers = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=0,
        show_default=False,
        help="Extraction processes beside the writing one; 0 extracts in the writing process "
        f"(default: the number of CPU cores, {DEFAULT_WORKERS} here; with --fast, {FAST_WORKERS}).",
    ),
]


def _check_extractor(extract: bool) -> None:
    if extract:
        missing = extractor_available()
        if missing is not None:
            fail(f"the attribution extractor is not available ({missing}); run with --no-extract")


def run_ingest(
    engine: Engine,
    items: Iterable[ArticleRecord | GoldRecord | Problem],
    total: int | None,
    workers: int,
    min_confidence: float | None = None,
    fast: bool = False,
) -> IngestStats:
    """Articles first, then the annotation files met among them, with a progress bar and problem lines."""
    with progress_bar() as progress:
        ingestor = Ingestor(
            engine,
            workers=workers if total is None or total >= POOL_MIN_ARTICLES else 0,
            extractor=extractor_for(fast),
            on_problem=lambda p: say(progress, f"skipped {p}"),
            min_confidence=min_confidence,
        )
        task = progress.add_task("articles", total=total)
        ingestor.on_article = lambda: progress.advance(task)
        gold = ingestor.articles(items)
        if gold:
            gold_task = progress.add_task("annotations", total=len(gold))
            ingestor.gold(gold, on_file=lambda: progress.advance(gold_task))
    return ingestor.stats


def _file_items(
    files: list[SourceFile],
    problems: list[Problem],
    outlet: str | None,
    extract: bool,
    described: dict[Path, FileMeta],
) -> Iterator[ArticleRecord | GoldRecord | Problem]:
    yield from problems
    for source in files:
        yield from file_records(source, outlet, extract, described.get(source.path.resolve()))


def note_sample_mix(engine: Engine) -> None:
    """Say so when the fictional sample sits beside the researcher's own articles (an older claimbase put it there)."""
    with session_for(engine) as session:
        mix = corpus_mix(session)
    if mix.sample and mix.own:
        echo_err(
            f"note: this database holds the {mix.sample} fictional sample articles beside your own; "
            "`claimbase sample --remove` removes them"
        )


def _finish(stats: IngestStats) -> None:
    typer.echo(stats.summary())
    if stats.problems:
        raise typer.Exit(1)


@guarded
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (read recursively).", show_default=False)],
    no_extract: NoExtract = False,
    fast: Fast = False,
    outlet: Annotated[
        str | None,
        typer.Option(
            help="Outlet of articles that do not name one (overrides an HTML page's site name; a sidecar "
            "metadata.csv or metadata.jsonl beside the texts gives one per file)."
        ),
    ] = None,
    workers: IngestWorkers = None,
    min_confidence: MinConfidence = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Extract on a Dask cluster: its scheduler's address (tcp://host:8786), or `local` for a cluster "
            "of this machine's cores. One task per shard of files; a re-run after a crash resumes. "
            "--workers does not apply.",
        ),
    ] = None,
    shard_files: Annotated[int, typer.Option(min=1, help="Input files to a shard (with --cluster).")] = 50,
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Ingest .txt, .html/.htm and .jsonl articles and .json gold annotation files.

    Annotation files are imported after every article of the run: give a corpus and its annotations together.

    With --min-confidence, suggestions the extractor is less certain of are not stored (the summary counts them).

    The same text again is a duplicate, not a new article. A bad file is reported and skipped (exit code 1).
    """
    extract = not no_extract
    _check_extractor(extract)
    files, problems = collect(paths)
    try:
        described = sidecar_metadata(files)  # a bad sidecar stops the run before anything is stored
    except SidecarError as exc:
        fail(str(exc))
    with database(database_url) as engine:
        upgrade(engine)
        if cluster is not None:
            stats = run_cluster_ingest(
                engine, cluster, files, problems, described, outlet, extract, fast, min_confidence, shard_files
            )
        else:
            items = _file_items(files, problems, outlet, extract, described)
            if workers is None:
                workers = FAST_WORKERS if fast else DEFAULT_WORKERS
            stats = run_ingest(engine, items, count_articles(files) + len(problems), workers, min_confidence, fast)
        note_sample_mix(engine)
    _finish(stats)


def run_cluster_ingest(
    engine: Engine,
    address: str,
    files: list[SourceFile],
    problems: list[Problem],
    described: dict[Path, FileMeta],
    outlet: str | None,
    extract: bool,
    fast: bool,
    min_confidence: float | None,
    shard_files: int,
) -> IngestStats:
    """The shards' articles extracted on the cluster and written here; then `.json` files (articles and
    gold annotations) in this process, as a local ingest does them."""
    from app.ingest.cluster import dask_client, ingest_on_cluster
    from app.ingest.shards import plan_shards

    shards = plan_shards(files, described, shard_files)
    json_files = [f for f in files if f.kind == FileKind.json]
    with progress_bar() as progress:
        ingestor = Ingestor(
            engine,
            extractor=extractor_for(fast),
            on_problem=lambda p: say(progress, f"skipped {p}"),
            min_confidence=min_confidence,
        )
        for p in problems:
            ingestor.problem(p)
        with dask_client(address) as client:
            say(progress, f"cluster: {sum(client.nthreads().values())} worker threads at {client.scheduler.address}")

            def start(total: int) -> None:
                task = progress.add_task("articles", total=total + count_articles(json_files))
                ingestor.on_article = lambda: progress.advance(task)

            run = ingest_on_cluster(ingestor, client, shards, outlet, extract, fast, on_start=start)
        gold = ingestor.articles(_file_items(json_files, [], outlet, extract, described))
        if gold:
            gold_task = progress.add_task("annotations", total=len(gold))
            ingestor.gold(gold, on_file=lambda: progress.advance(gold_task))
    typer.echo(run.summary())
    return ingestor.stats


def _sample_items(extract: bool) -> Iterator[ArticleRecord | Problem]:
    from app.sample import sample_articles

    for i, entry in enumerate(sample_articles(), start=1):
        origin = f"sample article {entry.get('doc_id', i) if isinstance(entry, dict) else i}"
        try:
            yield ArticleRecord(origin, article_from_mapping(entry, None, extract))
        except ReadError as exc:
            yield Problem(origin, str(exc))


def _sample_annotations() -> list[GoldRecord]:
    from app.sample import sample_annotations

    return [GoldRecord(f"sample annotations {doc_id}", raw) for doc_id, raw in sample_annotations().items()]


def load_sample(
    engine: Engine, extract: bool = True, annotations: bool = False, workers: int = DEFAULT_WORKERS
) -> IngestStats:
    from app.sample import sample_articles

    items: list[ArticleRecord | GoldRecord | Problem] = list(_sample_items(extract))
    if annotations:
        items.extend(_sample_annotations())
    return run_ingest(engine, items, len(sample_articles()), workers)


@guarded
def sample(
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when the database holds articles.")] = False,
    annotations: Annotated[
        bool, typer.Option("--annotations", help="Also import the sample's hand annotations as confirmed attributions.")
    ] = False,
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove the sample articles (and what only they had) from the database.")
    ] = False,
    no_extract: NoExtract = False,
    workers: Workers = DEFAULT_WORKERS,
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Load claimbase's own fictional sample corpus into an empty database, or remove it with --remove.

    The sample is never mixed with your own articles: `claimbase demo` serves it from a database of its own.
    """
    if remove:
        with database(database_url) as engine:
            upgrade(engine)
            with session_for(engine) as session:
                removed = remove_sample(session, actor="cli")
        typer.echo(
            f"sample removed: {removed.articles} articles, {removed.speakers} speakers, {removed.outlets} outlets"
        )
        return
    extract = not no_extract
    _check_extractor(extract)
    with database(database_url) as engine:
        upgrade(engine)
        with session_for(engine) as session:
            mix = corpus_mix(session)
        if if_empty and mix.sample + mix.own:
            typer.echo("the database already holds articles; sample not loaded")
            return
        if mix.own:
            fail(
                f"the database holds {mix.own} articles of your own; the fictional sample is kept apart from them "
                "(`claimbase demo` serves it from its own database)"
            )
        stats = load_sample(engine, extract=extract, annotations=annotations, workers=workers)
    _finish(stats)

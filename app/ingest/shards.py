"""Shards of input files for a cluster ingest: how files are grouped, what names a shard, and the task a
cluster worker runs on one (read the files and extract their articles; no database)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.extraction.types import ArticleExtraction
from app.ingest.pipeline import describe_error, extractor_for, read_and_extract
from app.ingest.readers import ArticleRecord, file_records
from app.ingest.sidecar import FileMeta
from app.ingest.sources import FileKind, Problem, SourceFile
from app.store.articles import PreparedArticle, check_article_size, prepare_article
from app.store.errors import InputError


@dataclass(frozen=True, slots=True)
class Shard:
    key: str
    files: tuple[SourceFile, ...]
    metas: tuple[FileMeta | None, ...]


@dataclass(slots=True)
class ShardResult:
    """A shard's articles, read and extracted, in file order (or why each could not be)."""

    key: str
    files: int
    items: list[tuple[str, PreparedArticle | Problem]] = field(default_factory=list)


def shard_key(files: tuple[SourceFile, ...]) -> str:
    """The same files (resolved paths and sizes, in order) make the same key, run after run."""
    h = hashlib.sha256()
    for f in files:
        path = f.path.resolve()
        size = path.stat().st_size if path.is_file() else -1
        h.update(f"{path}\t{size}\n".encode())
    return h.hexdigest()


def plan_shards(files: list[SourceFile], described: dict[Path, FileMeta], size: int) -> list[Shard]:
    """The files holding articles, `size` to a shard, in the order given.

    `.json` files are left to the writing process: a gold annotation file is imported after every article,
    and reading it there on every run is what lets a resumed run import the gold of finished shards."""
    articles = [f for f in files if f.kind != FileKind.json]
    shards = []
    for i in range(0, len(articles), max(1, size)):
        chunk = tuple(articles[i : i + size])
        metas = tuple(described.get(f.path.resolve()) for f in chunk)
        shards.append(Shard(shard_key(chunk), chunk, metas))
    return shards


def read_shard(shard: Shard, outlet: str | None, extract: bool, fast: bool, max_article_bytes: int) -> ShardResult:
    """Runs on a cluster worker: every article of the shard's files, read and extracted.

    A bad file, an oversized text or an extraction that fails is a Problem for its article; the rest go on."""
    extractor = extractor_for(fast)
    result = ShardResult(shard.key, len(shard.files))
    for source, meta in zip(shard.files, shard.metas, strict=True):
        for record in file_records(source, outlet, extract, meta):
            if isinstance(record, Problem):
                result.items.append((record.origin, record))
            elif isinstance(record, ArticleRecord):
                result.items.append((record.origin, _prepare(record, extractor, max_article_bytes)))
    return result


def _prepare(
    record: ArticleRecord, extractor: Callable[[str], ArticleExtraction], max_article_bytes: int
) -> PreparedArticle | Problem:
    data = record.data
    try:
        check_article_size(data.text, max_article_bytes)
        if not data.extract:
            return prepare_article(data)
        extraction, meta, regions, stems = read_and_extract(extractor, data.text)
        return prepare_article(data, extraction, (meta, regions), stems)
    except InputError as exc:
        return Problem(record.origin, f"the {exc.field} {exc.message}")
    except Exception as exc:  # one article's failure must not lose the shard
        return Problem(record.origin, describe_error(exc))

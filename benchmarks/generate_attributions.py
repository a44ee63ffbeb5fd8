"""Fill a database with N synthetic attributions (for latency benchmarks), through bulk loads.

    python benchmarks/generate_attributions.py --database-url sqlite:///bench.db --attributions 100000

The texts are generated word salad with exact spans: they exercise the schema, indexes and queries,
not the extractor. The database is migrated to head first. An empty database is filled: rows are
written with the database's bulk path (COPY on PostgreSQL, executemany in one transaction on SQLite)
with the secondary indexes and triggers set aside and rebuilt once at the end (the SQLite full-text
index and the tallies too), which is what makes 10,000,000 rows a matter of minutes. A database that already holds
attributions is only migrated to head and left as it is.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import Engine, Table, func, insert, select

from app.db import make_engine, make_sessionmaker, refresh_statistics
from app.migrations_support import upgrade
from app.models import Article, Attribution, Claim, Outlet, Speaker, SpeakerAlias
from app.models.base import utcnow
from app.store.rows import python_defaults
from app.store.search_index import rebuild_search_index
from app.store.tally import rebuild_tallies

ATTRIBUTION_KINDS = ["speech", "belief", "intention", "evidence", "action"]
KIND_WEIGHTS = [75, 12, 6, 3, 4]
WORDS = [
    "harbour",
    "council",
    "budget",
    "ministry",
    "drones",
    "supplies",
    "officials",
    "port",
    "river",
    "contract",
    "safety",
    "bridge",
    "tax",
    "election",
    "vote",
    "army",
    "border",
    "talks",
    "sanctions",
    "report",
    "missile",
    "grain",
    "energy",
    "plant",
    "strike",
    "court",
    "ruling",
    "inquiry",
    "audit",
    "police",
    "protest",
    "rail",
    "tunnel",
    "hospital",
    "school",
    "water",
    "price",
    "wage",
    "deal",
    "treaty",
    "summit",
]
FIRST = [
    "Ada",
    "Ben",
    "Cleo",
    "Dov",
    "Eli",
    "Fay",
    "Gus",
    "Hal",
    "Ida",
    "Jon",
    "Kai",
    "Lea",
    "Max",
    "Nia",
    "Oto",
    "Pia",
    "Rex",
    "Sia",
    "Tom",
    "Uma",
    "Val",
    "Wes",
]
LAST = [
    "Aster",
    "Brook",
    "Crane",
    "Dale",
    "Ellis",
    "Frost",
    "Grove",
    "Hale",
    "Irwin",
    "Judd",
    "Keane",
    "Lowe",
    "Marsh",
    "Noble",
    "Orr",
    "Pike",
]
ANON = ["officials", "an official", "a senior diplomat", "people familiar with the matter", "two aides"]
KINDS = ["newspaper", "wire", "broadcaster", "blog", "government"]


# The tables filled in bulk; their secondary indexes and triggers are dropped during the load.
BULK_TABLES = (Article.__table__, Speaker.__table__, Claim.__table__, Attribution.__table__)
ARTICLES_PER_CHUNK = 2000
SHARED_CLAIMS = 500
# A random sentence of this many words or fewer may come up twice (41 words); longer ones practically never
# do, so only the short ones are remembered to keep one claim per wording (10,000,000 rows in little memory).
DEDUP_WORDS = 8


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(WORDS, k=n)).capitalize()


def fingerprint(content: str) -> str:
    return hashlib.sha256(content.lower().encode()).hexdigest()


@dataclass
class Chunk:
    """Rows of a batch of articles, as tuples in the column order of `COLUMNS`."""

    article: list[tuple] = field(default_factory=list)
    speaker: list[tuple] = field(default_factory=list)
    claim: list[tuple] = field(default_factory=list)
    attribution: list[tuple] = field(default_factory=list)


COLUMNS: dict[str, tuple[str, ...]] = {
    "article": (
        "id",
        "title",
        "outlet_id",
        "authors",
        "text",
        "content_hash",
        "published_at",
        "language",
        "ingested_at",
    ),
    "speaker": ("id", "kind", "name", "article_id", "descriptor", "created_at", "updated_at"),
    "claim": ("id", "text", "fingerprint", "created_at"),
    "attribution": (
        "id",
        "article_id",
        "speaker_id",
        "claim_id",
        "content_start",
        "content_end",
        "content_text",
        "cue_start",
        "cue_end",
        "speaker_start",
        "speaker_end",
        "quote_type",
        "stance",
        "anonymous",
        "origin",
        "status",
        "edited",
        "confidence",
        "created_at",
        "updated_at",
        "kind",
    ),
}


class Generator:
    """Deterministic synthetic articles with their speakers, claims and attributions, ids assigned here."""

    def __init__(self, seed: int, per_article: int, outlet_ids: list[int], people: list[tuple[str, int]]) -> None:
        self.rng = random.Random(seed)
        self.per_article = per_article
        self.outlet_ids = outlet_ids
        self.people = people
        self.now = utcnow()
        self.next_id = {"article": 1, "speaker": 1, "claim": 1, "attribution": 1}
        self.claim_ids: dict[str, int] = {}
        self.shared = [sentence(self.rng, 8) for _ in range(SHARED_CLAIMS)]

    def start_at(self, table: str, first_id: int) -> None:
        self.next_id[table] = first_id

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _claim(self, chunk: Chunk, content: str, words: int) -> int:
        remember = words <= DEDUP_WORDS
        if remember and content in self.claim_ids:
            return self.claim_ids[content]
        claim_id = self._id("claim")
        chunk.claim.append((claim_id, content, fingerprint(content), self.now))
        if remember:
            self.claim_ids[content] = claim_id
        return claim_id

    def chunk(self, articles: int) -> Chunk:
        chunk = Chunk()
        for _ in range(articles):
            self._article(chunk)
        return chunk

    def _article(self, chunk: Chunk) -> None:
        rng, now = self.rng, self.now
        article_id = self._id("article")
        head = sentence(rng, 7) + "\n\n"
        parts, offset = [head], len(head)
        anon_ids: dict[str, int] = {}
        for _ in range(self.per_article):
            if rng.random() < 0.1:
                content, words = rng.choice(self.shared), 8
            else:
                words = rng.randint(6, 18)
                content = sentence(rng, words)
            claim_id = self._claim(chunk, content, words)
            if rng.random() < 0.7:
                name, speaker_id = rng.choice(self.people)
                text = f"“{content},” said {name}.\n\n"
                c0 = offset + 1
                q0 = c0 + len(content) + 3
                s0, s1, quote_type, anonymous = q0 + 5, q0 + 5 + len(name), "direct", False
            else:
                who = rng.choice(ANON)
                if who not in anon_ids:
                    anon_ids[who] = self._id("speaker")
                    chunk.speaker.append((anon_ids[who], "anonymous", who, article_id, who, now, now))
                speaker_id = anon_ids[who]
                text = f"{content}, {who} said.\n\n"
                c0 = offset
                s0 = c0 + len(content) + 2
                s1 = s0 + len(who)
                q0, quote_type, anonymous = s1 + 1, "indirect", True
            status = "suggested" if rng.random() < 0.5 else "confirmed"
            kind = rng.choices(ATTRIBUTION_KINDS, KIND_WEIGHTS)[0]
            chunk.attribution.append(
                (self._id("attribution"), article_id, speaker_id, claim_id, c0, c0 + len(content), content,
                 q0, q0 + 4, s0, s1, quote_type, "asserts", anonymous, "extracted", status, False,
                 round(rng.random(), 3), now, now, kind)
            )  # fmt: skip
            parts.append(text)
            offset += len(text)
        body = "".join(parts)
        published = datetime(2021, 1, 1) + timedelta(days=rng.randint(0, 3 * 365), hours=rng.randint(0, 23))
        chunk.article.append(
            (article_id, sentence(rng, 6), rng.choice(self.outlet_ids), "[]", body,
             hashlib.sha256(body.encode()).hexdigest(), published, "en", now)
        )  # fmt: skip


def _sqlite_value(value: Any) -> Any:
    """What SQLAlchemy would store in SQLite: datetimes as its fixed-width text, enums by value."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


class Loader:
    """Writes rows with the database's bulk path inside one transaction, secondary indexes and triggers set aside."""

    def __init__(self, engine: Engine) -> None:
        self.postgres = engine.dialect.name == "postgresql"
        url = engine.url
        if self.postgres:
            conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
            self.conn: Any = psycopg.connect(conninfo)
        else:
            self.conn = sqlite3.connect(url.database or "", isolation_level=None)
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("PRAGMA cache_size=-400000")
            self.conn.execute("BEGIN")
        self.restore: list[str] = []

    def set_aside(self, tables: Iterable[str]) -> None:
        """Drop the secondary indexes and triggers of these tables, remembering how to recreate them."""
        names = list(tables)
        if self.postgres:
            self.conn.execute("SET session_replication_role = replica")  # no per-row foreign-key checks
            rows = self.conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                (names,),
            ).fetchall()
            for name, definition in rows:
                self.conn.execute(f'DROP INDEX "{name}"')
                self.restore.append(definition)
            return
        marks = ",".join("?" * len(names))
        rows = self.conn.execute(
            f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            f"AND tbl_name IN ({marks}) AND sql IS NOT NULL ORDER BY type",
            names,
        ).fetchall()
        for kind, name, definition in rows:
            self.conn.execute(f'DROP {kind.upper()} "{name}"')
            self.restore.append(definition)

    def write(self, table: Table, rows: list[tuple]) -> None:
        if not rows:
            return
        columns = COLUMNS[table.name]
        extra = python_defaults(table, columns)
        names = ", ".join(f'"{c}"' for c in (*columns, *extra))
        tail = tuple(extra.values())
        if self.postgres:
            with self.conn.cursor().copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + tail)
            return
        marks = ", ".join("?" * (len(columns) + len(extra)))
        self.conn.executemany(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks})",
            (tuple(map(_sqlite_value, row + tail)) for row in rows),
        )

    def finish(self, tables: Iterable[str]) -> None:
        """Recreate what was set aside, move the id sequences on, commit (the full-text index and the
        tallies, which the load bypassed, are rebuilt afterwards by the store's own rebuilds)."""
        if self.postgres:
            self.conn.execute("SET maintenance_work_mem = '512MB'")
        for definition in self.restore:
            self.conn.execute(definition)
        if self.postgres:
            for name in tables:
                self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                )
            self.conn.commit()
            self.conn.autocommit = True
            for name in tables:
                self.conn.execute(f"VACUUM ANALYZE {name}")  # the visibility map lets index-only scans skip the heap
        else:
            self.conn.execute("COMMIT")
        self.conn.close()


def _seed_small_tables(engine: Engine) -> tuple[list[int], list[tuple[str, int]]]:
    """Outlets, and the named people with their aliases, through the ORM's tables (a few hundred rows)."""
    now = utcnow()
    with engine.begin() as conn:
        outlets = [
            {"name": f"Synthetic Outlet {i}", "kind": KINDS[i % len(KINDS)], "created_at": now} for i in range(20)
        ]
        conn.execute(insert(Outlet), outlets)
        outlet_ids = list(conn.scalars(select(Outlet.id).order_by(Outlet.id)))
        people = [
            f"{f} {chr(65 + i % 26)}. {last}" for i, (f, last) in enumerate((f, ln) for f in FIRST for ln in LAST)
        ]
        conn.execute(
            insert(Speaker), [{"kind": "person", "name": p, "created_at": now, "updated_at": now} for p in people]
        )
        person_ids = dict(conn.execute(select(Speaker.name, Speaker.id).where(Speaker.name.in_(people))).all())
        conn.execute(
            insert(SpeakerAlias),
            [{"speaker_id": sid, "alias": name, "normalized": name.lower()} for name, sid in person_ids.items()],
        )
    return outlet_ids, sorted(person_ids.items(), key=lambda item: item[1])


def _chunks(total_articles: int) -> Iterator[int]:
    done = 0
    while done < total_articles:
        n = min(ARTICLES_PER_CHUNK, total_articles - done)
        yield n
        done += n


def attribution_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Attribution)) or 0


def generate(database_url: str, attributions: int, per_article: int = 20, seed: int = 7) -> int:
    """Migrate the database to head and, when it holds no attributions, fill it; the attributions it holds."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        held = attribution_count(engine)
        if held:
            print(f"{database_url}: migrated to head; it already holds {held:,} attributions, left as they are")
            return held
        started = time.perf_counter()
        outlet_ids, people = _seed_small_tables(engine)
        gen = Generator(seed, per_article, outlet_ids, people)
        with engine.connect() as conn:
            gen.start_at("speaker", (conn.scalar(select(func.max(Speaker.id))) or 0) + 1)
        loader = Loader(engine)
        names = [t.name for t in BULK_TABLES]
        loader.set_aside(names)
        n_articles = max(1, attributions // per_article)
        done = 0
        for n in _chunks(n_articles):
            chunk = gen.chunk(n)
            for table in BULK_TABLES:
                loader.write(table, getattr(chunk, table.name))
            done += len(chunk.attribution)
            print(f"\r{done:,} attributions ({time.perf_counter() - started:.0f} s)", end="", flush=True)
        print("\nrebuilding indexes ...", flush=True)
        loader.finish(names)
        with make_sessionmaker(engine).begin() as session:  # the load bypassed the triggers that keep them
            rebuild_tallies(session)
            rebuild_search_index(session)
        refresh_statistics(engine)
        elapsed = time.perf_counter() - started
        print(f"{n_articles:,} articles, {done:,} attributions in {elapsed:.1f} s")
        return done
    finally:
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--attributions", type=int, default=100_000)
    ap.add_argument("--per-article", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    generate(args.database_url, args.attributions, args.per_article, args.seed)


if __name__ == "__main__":
    main()

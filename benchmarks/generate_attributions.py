"""Fill a database with N synthetic attributions (for latency benchmarks), through bulk inserts.

    python benchmarks/generate_attributions.py --database-url sqlite:///bench.db --attributions 100000

The texts are generated word salad with exact spans: they exercise the schema, indexes and queries,
not the extractor. The database is migrated to head first; it should be empty.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from app.db import make_engine, refresh_statistics
from app.migrations_support import upgrade
from app.models import Article, Attribution, Claim, Outlet, Speaker, SpeakerAlias
from app.models.base import utcnow

# Roughly PolNeAR's mix: mostly speech, some beliefs, a few intentions, evidence and actions (not counted
# by default, so the default lists filter them out as they would in a real database).
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


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--attributions", type=int, default=100_000)
    ap.add_argument("--per-article", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    engine = make_engine(args.database_url)
    upgrade(engine)
    started = time.perf_counter()
    n_articles = max(1, args.attributions // args.per_article)
    with engine.begin() as conn:
        if conn.scalar(select(func.count()).select_from(Attribution)):
            raise SystemExit("the database already holds attributions; use an empty one")
        now = utcnow()
        outlets = [
            {"name": f"Synthetic Outlet {i}", "kind": KINDS[i % len(KINDS)], "created_at": now} for i in range(20)
        ]
        conn.execute(insert(Outlet), outlets)
        outlet_ids = list(conn.scalars(select(Outlet.id)))
        people = [
            f"{f} {chr(65 + i % 26)}. {last}" for i, (f, last) in enumerate((f, last) for f in FIRST for last in LAST)
        ]
        conn.execute(
            insert(Speaker), [{"kind": "person", "name": p, "created_at": now, "updated_at": now} for p in people]
        )
        person_ids = dict(conn.execute(select(Speaker.name, Speaker.id)).all())
        conn.execute(
            insert(SpeakerAlias),
            [{"speaker_id": sid, "alias": name, "normalized": name.lower()} for name, sid in person_ids.items()],
        )
        person_list = list(person_ids.items())
        start_day = datetime(2021, 1, 1)
        shared_claims = [sentence(rng, 8) for _ in range(500)]
        claim_ids: dict[str, int] = {}
        done = 0
        batch_rows: list[dict] = []
        for a in range(n_articles):
            parts: list[str] = [sentence(rng, 7) + "\n\n"]
            spans = []
            offset = len(parts[0])
            for _ in range(args.per_article):
                content = rng.choice(shared_claims) if rng.random() < 0.1 else sentence(rng, rng.randint(6, 18))
                if rng.random() < 0.7:
                    name, sid = rng.choice(person_list)
                    piece_head, cue, tail = "“", "said", f"{name}.\n\n"
                    text = f"{piece_head}{content},” {cue} {tail}"
                    c0 = offset + len(piece_head)
                    cue0 = offset + len(piece_head) + len(content) + 3
                    s0 = cue0 + len(cue) + 1
                    spans.append(
                        (
                            c0,
                            c0 + len(content),
                            cue0,
                            cue0 + len(cue),
                            s0,
                            s0 + len(name),
                            sid,
                            "direct",
                            False,
                            content,
                        )
                    )
                else:
                    who = rng.choice(ANON)
                    text = f"{content}, {who} said.\n\n"
                    c0 = offset
                    s0 = offset + len(content) + 2
                    cue0 = s0 + len(who) + 1
                    spans.append(
                        (c0, c0 + len(content), cue0, cue0 + 4, s0, s0 + len(who), who, "indirect", True, content)
                    )
                parts.append(text)
                offset += len(text)
            body = "".join(parts)
            published = start_day + timedelta(days=rng.randint(0, 3 * 365), hours=rng.randint(0, 23))
            article_id = conn.execute(
                insert(Article).returning(Article.id),
                {
                    "title": sentence(rng, 6),
                    "outlet_id": rng.choice(outlet_ids),
                    "authors": [],
                    "text": body,
                    "content_hash": hashlib.sha256(body.encode()).hexdigest(),
                    "published_at": published,
                    "language": "en",
                    "ingested_at": now,
                },
            ).scalar_one()
            anon_ids: dict[str, int] = {}
            for c0, c1, q0, q1, s0, s1, who, quote_type, anonymous, content in spans:
                if anonymous:
                    if who not in anon_ids:
                        anon_ids[who] = conn.execute(
                            insert(Speaker).returning(Speaker.id),
                            {
                                "kind": "anonymous",
                                "name": who,
                                "article_id": article_id,
                                "descriptor": who,
                                "created_at": now,
                                "updated_at": now,
                            },
                        ).scalar_one()
                    sid = anon_ids[who]
                else:
                    sid = who
                fp = hashlib.sha256(content.lower().encode()).hexdigest()
                if fp not in claim_ids:
                    claim_ids[fp] = conn.execute(
                        insert(Claim).returning(Claim.id), {"text": content, "fingerprint": fp, "created_at": now}
                    ).scalar_one()
                batch_rows.append(
                    {
                        "article_id": article_id,
                        "speaker_id": sid,
                        "claim_id": claim_ids[fp],
                        "content_start": c0,
                        "content_end": c1,
                        "content_text": content,
                        "cue_start": q0,
                        "cue_end": q1,
                        "speaker_start": s0,
                        "speaker_end": s1,
                        "quote_type": quote_type,
                        "stance": "asserts",
                        "anonymous": anonymous,
                        "origin": "extracted",
                        "status": rng.choice(["suggested", "confirmed"]),
                        "edited": False,
                        "confidence": round(rng.random(), 3),
                        "created_at": now,
                        "updated_at": now,
                        "kind": rng.choices(ATTRIBUTION_KINDS, KIND_WEIGHTS)[0],
                    }
                )
            if len(batch_rows) >= 5000 or a == n_articles - 1:
                conn.execute(insert(Attribution), batch_rows)
                done += len(batch_rows)
                batch_rows = []
                print(f"\r{done:,} attributions", end="", flush=True)
    refresh_statistics(engine)
    elapsed = time.perf_counter() - started
    print(f"\n{n_articles:,} articles, {done:,} attributions in {elapsed:.1f} s")


if __name__ == "__main__":
    main()

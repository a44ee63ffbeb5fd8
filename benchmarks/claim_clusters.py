"""Claim clustering: precision and recall on report pairs from PolNeAR train, and the cost of a new article.

    python benchmarks/claim_clusters.py                     # both parts, SQLite
    python benchmarks/claim_clusters.py --part quality
    python benchmarks/claim_clusters.py --part cost --claims 100000 --database-url postgresql+psycopg://...

How the report pairs were built (`benchmarks/data/claim_pairs_polnear_train.tsv`):

1. Same-event articles from different outlets: every two PolNeAR **train** articles of different
   publishers published at most 3 days apart whose content-word vectors (IDF-weighted stems, as the
   clusterer computes them) have a cosine of at least 0.15 -- 38 article pairs.
2. Candidate report pairs: every two gold attribution contents, one from each article of a pair,
   with at least 3 content words each and at least 3 in common -- 331 pairs. This is a deliberately
   hard pool: every pair shares topic words; pairs sharing fewer words are not in it, so recall is
   measured against the positives this pool holds.
3. Labels: the developer read each pair (the two contents only, without the clusterer's answer) and
   marked it 1 when both report the same proposition -- the same assertion by the same or an
   equivalent source, possibly partially quoted, paraphrased, inside another's reported speech, or
   with a figure or a hedge changed -- and 0 otherwise, including pairs on the same topic that assert
   different things (two polls, a charge and an acquittal). Doubtful pairs were marked 0. 55 are 1.

The file names each article by the first 12 hex digits of the SHA-1 of its PolNeAR doc_id, and each
report by its PolNeAR attribution id: no text of the corpus is in the project.

Precision and recall are of the real clusterer: the pool's articles are stored (oldest first) with
their gold attributions, and a pair counts as joined when its two reports end in one cluster.

The cost part fills a database with N claims indexed and clustered as ingest leaves them (texts from
PolNeAR train: attribution contents and article sentences, then halves of two sentences joined),
then stores PolNeAR dev articles with their gold attributions and times `cluster_article` alone:
CPU (this process) and wall time per new article.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import math
import random
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.db import make_engine, refresh_statistics
from app.extraction.segment import paragraphs, sentences
from app.migrations_support import upgrade
from app.models import Attribution, Claim, ClaimCluster, ClaimKey, ClusterLabel
from app.store.articles import ArticleInput, ingest_article
from app.store.attributions import AttributionFields, create_attribution
from app.store.claims import fingerprint
from app.store.clusters import cluster_article
from app.text.propositions import MIN_KEYS, content_keys

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "polnear"
LABELS = ROOT / "benchmarks" / "data" / "claim_pairs_polnear_train.tsv"
MAX_DAYS = 3
MIN_COSINE = 0.15


def load(split: str) -> list[dict[str, Any]]:
    with (POLNEAR / f"{split}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def doc_key(doc: dict[str, Any]) -> str:
    return hashlib.sha1(doc["doc_id"].encode("utf-8")).hexdigest()[:12]


def _date(doc: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat((doc.get("publication_date") or "")[:10])
    except ValueError:
        return None


def same_event_pairs(docs: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Articles of different publishers, at most MAX_DAYS apart, with IDF cosine >= MIN_COSINE."""
    keys = [content_keys(d["text"]) for d in docs]
    df = collections.Counter(k for ks in keys for k in ks)
    n = len(docs)
    vectors = []
    for ks in keys:
        v = {k: math.log(n / df[k]) for k in ks}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({k: x / norm for k, x in v.items()})
    dates = [_date(d) for d in docs]
    out = []
    for i in range(n):
        for j in range(i + 1, n):
            if docs[i]["publisher"] == docs[j]["publisher"] or not dates[i] or not dates[j]:
                continue
            if abs((dates[i] - dates[j]).days) > MAX_DAYS:
                continue
            cosine = sum(x * vectors[j].get(k, 0.0) for k, x in vectors[i].items())
            if cosine >= MIN_COSINE:
                out.append((i, j))
    return out


def candidate_pairs(docs: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """Report pairs across same-event articles sharing at least MIN_KEYS content words (the labelled pool)."""
    out = []
    for i, j in same_event_pairs(docs):
        for a in docs[i]["attributions"]:
            ka = content_keys(a["content"]["text"])
            if len(ka) < MIN_KEYS:
                continue
            for b in docs[j]["attributions"]:
                if len(ka & content_keys(b["content"]["text"])) >= MIN_KEYS:
                    out.append((doc_key(docs[i]), a["id"], doc_key(docs[j]), b["id"]))
    return out


def read_labels() -> dict[tuple[str, str, str, str], bool]:
    labels = {}
    with LABELS.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            da, aa, db, ab, same = line.rstrip("\n").split("\t")
            labels[(da, aa, db, ab)] = same == "1"
    return labels


def _published(doc: dict[str, Any]) -> datetime | None:
    d = _date(doc)
    return datetime(d.year, d.month, d.day, 12) if d else None


def store_with_gold(session: Session, doc: dict[str, Any]) -> tuple[dict[str, Attribution], float]:
    """The article and its gold attributions, clustered as ingest does: PolNeAR id -> row, clustering CPU seconds."""
    article = ingest_article(
        session,
        ArticleInput(text=doc["text"], extract=False, published_at=_published(doc), outlet=doc["publisher"]),
    ).article
    rows = {}
    for a in doc["attributions"]:
        c = a["content"]
        if not doc["text"][c["start"] : c["end"]].strip():
            continue
        rows[a["id"]] = create_attribution(
            session, article, None, AttributionFields(content=(c["start"], c["end"])), cluster=False
        )
    session.flush()
    start = time.process_time()
    cluster_article(session, article)
    return rows, time.process_time() - start


def quality(database_url: str | None) -> None:
    docs = load("train")
    labels = read_labels()
    pool = candidate_pairs(docs)
    unlabelled = [p for p in pool if p not in labels]
    if unlabelled:
        print(f"warning: {len(unlabelled)} candidate pairs have no label (the pool changed); they are left out")
    by_key = {doc_key(d): d for d in docs}
    wanted = {k for p in labels for k in (p[0], p[2])}
    chosen = sorted((by_key[k] for k in wanted), key=lambda d: (_date(d) or date.max, d["doc_id"]))
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(database_url or f"sqlite:///{tmp}/quality.db")
        upgrade(engine)
        with Session(engine) as session:
            rows = {doc_key(d): store_with_gold(session, d)[0] for d in chosen}
            session.flush()
            cluster_of = dict(session.execute(select(Claim.id, Claim.cluster_id)).all())
            tp = fp = fn = 0
            for (da, aa, db, ab), same in labels.items():
                ra, rb = rows[da].get(aa), rows[db].get(ab)
                joined = ra is not None and rb is not None and cluster_of[ra.claim_id] == cluster_of[rb.claim_id]
                tp += joined and same
                fp += joined and not same
                fn += (not joined) and same
            session.rollback()
        engine.dispose()
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(
        f"report pairs: {len(labels)} labelled ({tp + fn} same proposition) from {len(chosen)} PolNeAR train articles"
    )
    print(f"precision {precision:.3f}  recall {recall:.3f}  (joined: {tp} right, {fp} wrong; missed: {fn})")


def filler_texts(n: int, seed: int) -> list[str]:
    """N distinct claim texts with the vocabulary of news: PolNeAR train contents and sentences, then mixes."""
    docs = load("train")
    base = [a["content"]["text"] for d in docs for a in d["attributions"]]
    for d in docs:
        text = d["text"]
        base += [text[s:e] for ps, pe in paragraphs(text) for s, e in sentences(text, ps, pe)]
    base = [t for t in base if len(content_keys(t)) >= MIN_KEYS]
    rng = random.Random(seed)
    out: dict[str, str] = {}
    for t in base:
        out.setdefault(fingerprint(t), t)
    while len(out) < n:
        a, b = rng.choice(base).split(), rng.choice(base).split()
        t = " ".join(a[: len(a) // 2] + b[len(b) // 2 :])
        out.setdefault(fingerprint(t), t)
    return list(out.values())[:n]


def fill(engine: Any, n: int, seed: int) -> None:
    """N claims as ingest leaves them: each in a cluster, indexed by its content-word keys (bulk inserts)."""
    texts = filler_texts(n, seed)
    with engine.begin() as conn:
        conn.execute(
            insert(ClaimCluster),
            [{"id": i + 1, "has_variants": False, "contradicted": False} for i in range(len(texts))],
        )
        conn.execute(
            insert(Claim),
            [
                {
                    "id": i + 1,
                    "text": t,
                    "fingerprint": fingerprint(t),
                    "cluster_id": i + 1,
                    "cluster_label": ClusterLabel.first,
                }
                for i, t in enumerate(texts)
            ],
        )
        batch: list[dict[str, Any]] = []
        for i, t in enumerate(texts):
            batch += [{"key": k, "claim_id": i + 1} for k in content_keys(t)]
            if len(batch) > 50_000:
                conn.execute(insert(ClaimKey), batch)
                batch = []
        if batch:
            conn.execute(insert(ClaimKey), batch)
    refresh_statistics(engine)


def cost(database_url: str | None, claims: int, articles: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(database_url or f"sqlite:///{tmp}/cost.db")
        upgrade(engine)
        started = time.perf_counter()
        fill(engine, claims, seed)
        print(f"filled {claims} claims in {time.perf_counter() - started:.0f} s ({engine.dialect.name})")
        cpu, wall, reports = [], [], []
        for doc in load("dev")[:articles]:
            with Session(engine) as session:
                start = time.perf_counter()
                rows, seconds = store_with_gold(session, doc)
                session.commit()
                wall.append(time.perf_counter() - start)
                cpu.append(seconds)
                reports.append(len(rows))
        engine.dispose()
    print(
        f"cluster_article per new article at {claims} claims: CPU {statistics.mean(cpu) * 1000:.0f} ms mean, "
        f"{statistics.median(cpu) * 1000:.0f} ms median; {articles} PolNeAR dev articles, "
        f"{statistics.mean(reports):.0f} attributions each; storing the whole article took "
        f"{statistics.mean(wall) * 1000:.0f} ms wall"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["quality", "cost", "both"], default="both")
    ap.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.part in ("quality", "both"):
        quality(args.database_url)
    if args.part in ("cost", "both"):
        cost(args.database_url, args.claims, args.articles, args.seed)


if __name__ == "__main__":
    main()

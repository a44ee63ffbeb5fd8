"""The bulk writer's in-memory ranking of cluster candidates (`KeyIndex`) against the SQL query it stands in
for (`clusters._ranked`), on generated claim keys: common and rare keys, ties, claims placed again."""

from __future__ import annotations

import random

import numpy as np
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from app.models import Claim, ClaimKey
from app.store.bulk_clusters import KeyIndex, _Posting
from app.store.clusters import _ranked

# A vocabulary where a few keys are held by most claims (as "trump" and "state" are on a real corpus).
VOCABULARY = [f"k{i}" for i in range(40)]
WEIGHTS = [1 / (i + 1) for i in range(40)]


def test_a_posting_holds_each_claim_once_in_ascending_order() -> None:
    posting = _Posting(np.array([9, 3, 5], dtype=np.int64))
    for claim_id in (12, 15, 4, 12, 5, 20):  # new ones, one placed again (4), repeats
        posting.add(claim_id)
    assert len(posting) == 7
    assert posting.array().tolist() == [3, 4, 5, 9, 12, 15, 20]
    posting.add(2)
    posting.discard(np.array([5, 15], dtype=np.int64))
    assert posting.array().tolist() == [2, 3, 4, 9, 12, 20]


def _keys(rng: random.Random) -> set[str]:
    return set(rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(2, 9)))


def _add_claims(session: Session, rng: random.Random, n: int, start: int) -> dict[int, set[str]]:
    ids = list(range(start, start + n))
    session.execute(insert(Claim), [{"id": i, "text": f"claim {i}", "fingerprint": f"{i:064d}"} for i in ids])
    keys = {i: _keys(rng) for i in ids}
    assert _write_keys(session, keys) == {}
    return keys


def _write_keys(session: Session, keys: dict[int, set[str]]) -> dict[str, list[int]]:
    """Replace the claims' keys; returns the keys they had (key -> claims)."""
    dropped: dict[str, list[int]] = {}
    gone = delete(ClaimKey).where(ClaimKey.claim_id.in_(list(keys))).returning(ClaimKey.key, ClaimKey.claim_id)
    for key, claim_id in session.execute(gone):
        dropped.setdefault(key, []).append(claim_id)
    session.execute(insert(ClaimKey), [{"key": k, "claim_id": i} for i, ks in keys.items() for k in sorted(ks)])
    return dropped


def test_ranking_in_memory_is_the_sql_ranking_through_a_batch(session: Session) -> None:
    rng = random.Random(7)
    _add_claims(session, rng, 300, 1)
    index = KeyIndex(session.connection())
    next_id = 301
    for step in range(6):
        if step % 3 == 2:  # claims indexed before are placed again, their keys replaced
            keys = {i: _keys(rng) for i in rng.sample(range(1, next_id), 8)}
            dropped = _write_keys(session, keys)
            assert dropped
        else:  # an article's new claims
            keys = _add_claims(session, rng, 25, next_id)
            next_id += 25
            dropped = {}
        ids = sorted(keys)
        # The query's rows come in no set order; the writer orders them as KeyIndex does (most shared first).
        expected = {
            i: sorted(found, key=lambda so: (-so[0], so[1])) for i, found in _ranked(session, ids, keys).items()
        }
        ranked = index.ranked(ids, keys, dropped)
        assert ranked == expected
        assert sum(map(len, ranked.values())) > 20

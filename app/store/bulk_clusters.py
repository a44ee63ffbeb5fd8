"""Claims, statements and clusters for the bulk writer: what `claims_for`, `write_statements` and
`cluster_article` do for a new article, with what a batch already read or wrote held in memory.

Claims are kept by fingerprint, and each touched cluster's reports (attributions and statements, in the
order `reports_of_clusters` reads them), so relabelling a cluster after an article does not read every
report of it again: only the new article's reports are added. Labels and flags are written when they
change. Placing claims is `placements` itself, an article at a time as the ORM path places them, with what it
reads (`PlacingReads`) answered from memory: its candidates ranked from the claims of every key of the batch's
texts, read at the batch's start (`KeyIndex`), and each candidate's wording and cluster, and each cluster's
first wording, read once (a cluster's first wording read again after an article changed the cluster). The
writer drops all of it when an article fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import Connection, String, cast, func, select
from sqlalchemy.orm import Session, aliased

from app.models import Claim, ClaimCluster, ClaimKey, ClusterLabel, Stance, Statement
from app.store.among import among
from app.store.claims import LOOKUP_CHUNK, fingerprint
from app.store.clusters import (
    CANDIDATES,
    PlacingReads,
    Report,
    _anchors,
    _Known,
    _update_rows,
    label_reports,
    placements,
    reports_of_clusters,
)
from app.store.rows import insert_ids
from app.text.propositions import MIN_KEYS, Difference, compare, keys_of_stems, remember_stems, stems


@dataclass(slots=True)
class ClaimRow:
    id: int
    text: str
    cluster_id: int | None
    new: bool  # written by this batch


def _report_order(r: Report) -> tuple[bool, datetime, int, int]:
    return (r.published_at is None, r.published_at or datetime.min, r.article_id, r.start)


_CLAIMS_BY_PRINT = select(Claim.id, Claim.text, Claim.fingerprint, Claim.cluster_id).where(
    among(Claim.fingerprint, "prints")
)


class ClaimIndex:
    """The claims a batch has looked up or written, by fingerprint."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.by_print: dict[str, ClaimRow] = {}

    def get_or_create(self, texts: list[str]) -> list[ClaimRow]:
        """The claim of each text (the first text of a fingerprint names a new one): one query for those not
        held, one insert for the new ones."""
        prints = [fingerprint(t) for t in texts]
        missing = sorted({p for p in prints if p not in self.by_print})
        for i in range(0, len(missing), LOOKUP_CHUNK):
            for cid, text, fp, cluster_id in self.conn.execute(
                _CLAIMS_BY_PRINT, {"prints": missing[i : i + LOOKUP_CHUNK]}
            ):
                self.by_print[fp] = ClaimRow(cid, text, cluster_id, new=False)
        new: dict[str, str] = {}
        for text, fp in zip(texts, prints, strict=True):
            if fp not in self.by_print:
                new.setdefault(fp, text)
        if new:
            ids = insert_ids(self.conn, Claim, [{"text": t, "fingerprint": fp} for fp, t in new.items()])
            for (fp, text), cid in zip(new.items(), ids, strict=True):
                self.by_print[fp] = ClaimRow(cid, text, None, new=True)
        return [self.by_print[p] for p in prints]


_CLAIMS_OF_KEYS = (
    select(ClaimKey.key, func.aggregate_strings(cast(ClaimKey.claim_id, String), ","))
    .where(among(ClaimKey.key, "keys"))
    .group_by(ClaimKey.key)
)


class _Posting:
    """The claims having one key, as a sorted NumPy array for counting, with the claims added since it was last
    counted (a key's claims are counted for many articles of a batch, and gain a few each time)."""

    __slots__ = ("_added", "_array", "_top")

    def __init__(self, ids: np.ndarray) -> None:
        self._array = np.sort(ids)  # a key's claims are distinct (the primary key of claim_key)
        self._added: list[int] = []
        self._top = int(self._array[-1]) if len(self._array) else -1  # the highest id held

    def __len__(self) -> int:
        return len(self._array) + len(self._added)

    def add(self, claim_id: int) -> None:
        if claim_id > self._top:  # a new claim: the highest id yet
            self._added.append(claim_id)
            self._top = claim_id
        elif claim_id not in self._added and not self._holds(claim_id):
            self._added.append(claim_id)

    def _holds(self, claim_id: int) -> bool:
        at = int(np.searchsorted(self._array, claim_id))
        return at < len(self._array) and int(self._array[at]) == claim_id

    def discard(self, gone: np.ndarray) -> None:
        held = self.array()
        self._array = held[~np.isin(held, gone)]

    def array(self) -> np.ndarray:
        """The ids, ascending."""
        if self._added:
            added = np.array(sorted(self._added), dtype=np.int64)
            if not len(self._array) or self._array[-1] < added[0]:  # new claims, as nearly always
                self._array = np.concatenate([self._array, added])
            else:
                self._array = np.union1d(self._array, added)
            self._added = []
        return self._array


class KeyIndex:
    """The claim keys of the keys a batch has met, key -> claims (`claim_key` as this transaction sees it):
    `_ranked` of clusters.py from memory. The SQL query joins each new claim's keys with every claim having
    one, per article, a cost that grows with the corpus; here the claims of a key are read once a batch."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.claims: dict[str, _Posting] = {}

    def size(self) -> int:
        """How many claim ids the index holds."""
        return sum(len(p) for p in self.claims.values())

    def read(self, keys: set[str]) -> None:
        """Hold the claims of these keys (those not held yet)."""
        missing = sorted(k for k in keys if k not in self.claims)
        for i in range(0, len(missing), LOOKUP_CHUNK):
            chunk = missing[i : i + LOOKUP_CHUNK]
            # A row a key, its claims' ids in one string: a few thousand rows a batch instead of ~10^5.
            for key, ids in self.conn.execute(_CLAIMS_OF_KEYS, {"keys": chunk}):
                self.claims[key] = _Posting(np.fromstring(ids, dtype=np.int64, sep=","))
        for k in missing:
            self.claims.setdefault(k, _Posting(np.empty(0, dtype=np.int64)))

    def ranked(
        self, ids: list[int], keys: dict[int, set[str]], dropped: dict[str, list[int]]
    ) -> dict[int, list[tuple[int, int]]]:
        """`_ranked` for claims whose keys were just written (replacing the `dropped` ones they had, key ->
        claims), then their keys held as indexed for the next placing."""
        placing = np.array(sorted(set(ids)), dtype=np.int64)
        for key, gone in dropped.items():
            if key in self.claims:
                self.claims[key].discard(np.array(gone, dtype=np.int64))
        searching = [i for i in ids if len(keys[i]) >= MIN_KEYS]
        self.read({k for i in searching for k in keys[i]})
        out: dict[int, list[tuple[int, int]]] = {i: [] for i in ids}
        for claim_id in searching:
            others, shared = self._shared(keys[claim_id])
            keep = shared >= MIN_KEYS
            others, shared = others[keep], shared[keep]
            if len(others) and others[-1] >= placing[0]:  # (ascending) the claims placed may be among them
                keep = ~np.isin(others, placing)
                others, shared = others[keep], shared[keep]
            best = np.lexsort((others, -shared))[:CANDIDATES]  # most shared first, then by id
            out[claim_id] = [(int(shared[i]), int(others[i])) for i in best]
        for claim_id in ids:
            for k in keys[claim_id]:
                if k in self.claims:
                    self.claims[k].add(claim_id)
        return out

    def _shared(self, keys: set[str]) -> tuple[np.ndarray, np.ndarray]:
        """The claims sharing at least one of the rarer of `keys`, and how many of `keys` each has. A claim
        sharing MIN_KEYS of them has one of all but the MIN_KEYS - 1 commonest: only those are counted through,
        and the commonest (most of the work on a real corpus: "trump", "state") only looked up for the claims
        found."""
        postings = sorted((self.claims[k] for k in keys), key=len)
        split = len(postings) - (MIN_KEYS - 1)
        others, shared = np.unique(np.concatenate([p.array() for p in postings[:split]]), return_counts=True)
        for posting in postings[split:]:
            held = posting.array()
            if len(held):
                shared += held.take(np.searchsorted(held, others), mode="clip") == others
        return others, shared


_FIRST = aliased(Claim, name="first")
# Claims with the first wording of their cluster (`_known` and `_anchors` in one query).
_KNOWN = (
    select(Claim.id, Claim.text, Claim.cluster_id, _FIRST.id, _FIRST.text)
    .outerjoin(_FIRST, (_FIRST.cluster_id == Claim.cluster_id) & (_FIRST.cluster_label == ClusterLabel.first))
    .where(among(Claim.id, "ids"))
)


class ClusterIndex(PlacingReads):
    """The reports, labels and flags of the clusters a batch touched, as `relabel_clusters` would read them, and
    what placing its claims reads (`PlacingReads`): keys, candidates, their wordings and clusters, and the first
    wording of each cluster, each read once a batch and kept as the batch changes it."""

    def __init__(self, session: Session, index: KeyIndex | None = None) -> None:
        """`index`: the claim keys a batch before this one held, still the database's (see `BulkWriter`)."""
        self.session = session
        self.reports: dict[int, list[Report]] = {}  # cluster -> its reports, first report first
        self.labels: dict[int, ClusterLabel | None] = {}  # claim -> label as stored
        self.flags: dict[int, tuple[bool, bool]] = {}  # cluster -> (has_variants, contradicted) as stored
        self.compared: dict[tuple[str, str, Stance, Stance], Difference] = {}
        self.keys: dict[str, set[str]] = {}
        self.index = index if index is not None else KeyIndex(session.connection())
        self.index.conn = session.connection()
        self.claims: dict[int, _Known] = {}  # claim -> wording and cluster
        self.anchor_of: dict[int | None, str | None] = {}  # cluster -> its first wording (None: it has none)

    def _compare(self, first: str, other: str, first_stance: Stance, stance: Stance) -> Difference:
        key = (first, other, first_stance, stance)
        if key not in self.compared:
            self.compared[key] = compare(first, other, first_stance, stance)
        return self.compared[key]

    def know_stems(self, stems: dict[str, tuple[str, ...]]) -> None:
        """Content-word stems worked out beforehand (`indexed_stems`, by an extraction worker): the texts' keys,
        and what `likeness` compares them by."""
        for text, found in stems.items():
            if text not in self.keys:
                self.keys[text] = keys_of_stems(found)
                remember_stems(text, found)

    def prefetch(self, stems: dict[str, tuple[str, ...]]) -> None:
        """A batch's stems, and the claims of the keys of its texts that can be searched (MIN_KEYS keys or more)
        read at once, instead of an article at a time."""
        self.know_stems(stems)
        self.index.read({k for text in stems if len(keys := self.keys[text]) >= MIN_KEYS for k in keys})

    def keys_of(self, text: str) -> set[str]:
        """`content_keys`, remembered (a statement's keys are read to find it and again to index its claim), its
        stems kept for `likeness` as a worker's are."""
        if text not in self.keys:
            self.know_stems({text: stems(text)})
        return self.keys[text]

    def cluster(self, claims: list[ClaimRow], reports: list[Report]) -> None:
        """`cluster_article` for a new article whose `claims` (each reported by one of `reports`, in the order
        `reports_of_clusters` reads them) are stored: place the unclustered ones and relabel what changed."""
        rows = sorted({c.id: c for c in claims}.values(), key=lambda c: c.id)
        touched = {c.cluster_id for c in rows if c.cluster_id is not None}
        unplaced = [c for c in rows if c.cluster_id is None]
        fresh = all(c.new for c in unplaced)  # made by this batch and never placed: no keys to replace
        gained, placed = placements(self.session, [(c.id, c.text) for c in unplaced], fresh, self)
        touched |= gained
        by_id = {c.id: c for c in rows}
        for claim_id, (cluster_id, label) in placed.items():
            claim = by_id[claim_id]
            claim.cluster_id = cluster_id
            self.claims[claim_id] = _Known(claim.text, cluster_id)
            self.labels[claim_id] = label
            if not claim.new:  # it may have reports from before this batch: read the cluster again
                self.reports.pop(cluster_id, None)
        for r in reports:
            cluster_id = by_id[r.claim_id].cluster_id
            if cluster_id in touched and cluster_id in self.reports:
                self.reports[cluster_id].append(r)
        self.relabel(sorted(touched))
        for cluster_id in touched:  # its first wording may have changed (a new cluster's is read when asked)
            self.anchor_of.pop(cluster_id, None)

    # -- PlacingReads, from memory ----------------------------------------------------------------------------

    def ranked(
        self, session: Session, ids: list[int], keys: dict[int, set[str]], dropped: dict[str, list[int]]
    ) -> dict[int, list[tuple[int, int]]]:
        return self.index.ranked(ids, keys, dropped)

    def known(self, session: Session, ids: list[int]) -> dict[int, _Known]:
        """The claims not held are read with the first wording of their clusters (what `anchors` asks next)."""
        unread = [i for i in ids if i not in self.claims]
        for i in range(0, len(unread), LOOKUP_CHUNK):
            firsts: dict[int, tuple[int, str] | None] = {}  # cluster -> its lowest claim labelled first
            for claim_id, text, cluster_id, first_id, first_text in session.execute(
                _KNOWN, {"ids": unread[i : i + LOOKUP_CHUNK]}
            ):
                self.claims[claim_id] = _Known(text, cluster_id)
                if cluster_id is not None and cluster_id not in self.anchor_of:
                    held = firsts.setdefault(cluster_id, None)
                    if first_id is not None and (held is None or first_id < held[0]):
                        firsts[cluster_id] = (first_id, first_text)
            self.anchor_of.update((c, first[1] if first else None) for c, first in firsts.items())
        return {i: self.claims[i] for i in ids if i in self.claims}

    def anchors(self, session: Session, cluster_ids: set[int]) -> dict[int | None, str]:
        unread = {c for c in cluster_ids if c not in self.anchor_of}
        found = _anchors(session, unread)
        self.anchor_of.update((c, found.get(c)) for c in unread)
        return {c: a for c in cluster_ids if (a := self.anchor_of[c]) is not None}

    def relabel(self, cluster_ids: list[int]) -> None:
        """`relabel_clusters`, reading only the clusters not held, writing only the labels and flags that changed."""
        unread = [c for c in cluster_ids if c not in self.reports]
        for cluster_id, found in reports_of_clusters(self.session, unread).items():
            self.reports[cluster_id] = found
        labels: dict[int, ClusterLabel] = {}
        flags = []
        for cluster_id in cluster_ids:
            held = self.reports.setdefault(cluster_id, [])
            held.sort(key=_report_order)
            labelled = label_reports(held, self._compare)
            for lr in labelled:
                labels.setdefault(lr.report.claim_id, lr.label)
            now = (
                any(lr.label == ClusterLabel.variant for lr in labelled),
                any(lr.label == ClusterLabel.contradiction for lr in labelled),
            )
            if self.flags.get(cluster_id) != now:
                self.flags[cluster_id] = now
                flags.append({"id": cluster_id, "has_variants": now[0], "contradicted": now[1]})
        changed = [
            {"id": c, "cluster_label": label}
            for c, label in labels.items()
            if c not in self.labels or self.labels[c] != label
        ]
        self.labels.update((row["id"], row["cluster_label"]) for row in changed)
        _update_rows(self.session, Claim, changed)
        _update_rows(self.session, ClaimCluster, flags)


def insert_statements(
    conn: Connection, article_id: int, text: str, spans: list[tuple[int, int]], claims: list[ClaimRow]
) -> list[int]:
    """The article's statements (one executemany); their ids, in order."""
    if not spans:
        return []
    rows = [
        {"article_id": article_id, "claim_id": c.id, "start": s, "end": e, "text": text[s:e]}
        for (s, e), c in zip(spans, claims, strict=True)
    ]
    return insert_ids(conn, Statement, rows)

"""Linking a person mention to a stored speaker: milliseconds per lookup as the stored persons grow.

    .venv/bin/python benchmarks/speaker_lookup.py [--persons 3000 30000] [--lookups 200]

For each size, a fresh SQLite database (a temporary file, built by the migrations) gets that many invented
persons ("Fa12 Lb345x"), each with its full name and "Mr. Surname" as aliases, written in bulk with the
store's own normalized form and surname. Then the store's candidate lookup (`SpeakerIndex._candidates` on a
fresh index, as `resolve_speaker` runs it for one mention; the bulk writer's index keeps what it read for a
batch) is timed for invented full names; the candidates found are printed
too, so two versions of the lookup can be checked to find the same.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.db import make_engine  # noqa: E402
from app.migrations_support import upgrade  # noqa: E402
from app.models import Speaker, SpeakerAlias, SpeakerKind  # noqa: E402
from app.store.bulk_speakers import SpeakerIndex, SpeakerRow  # noqa: E402
from app.store.names import normalize_name, surname  # noqa: E402
from app.store.speakers import SpeakerSpec  # noqa: E402


def _candidates(session: Session, spec: SpeakerSpec) -> list[SpeakerRow]:
    return SpeakerIndex(session.connection(), lambda name: 0)._candidates(spec)


def fill(session: Session, names: list[tuple[str, str]]) -> None:
    session.execute(
        insert(Speaker),
        [{"id": i, "kind": SpeakerKind.person, "name": f"{f} {s}"} for i, (f, s) in enumerate(names, 1)],
    )
    aliases = [(i, a) for i, (f, s) in enumerate(names, 1) for a in (f"{f} {s}", f"Mr. {s}")]
    session.execute(
        insert(SpeakerAlias),
        [{"speaker_id": i, "alias": a, "normalized": normalize_name(a), "surname": surname(a)} for i, a in aliases],
    )
    session.commit()


def measure(path: Path, persons: int, lookups: int) -> tuple[float, int]:
    rng = random.Random(1)
    firsts = [f"Fa{i}" for i in range(300)]
    surnames = [f"Lb{i}x" for i in range(max(persons // 3, 1))]
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with Session(engine) as session:
        fill(session, [(rng.choice(firsts), rng.choice(surnames)) for _ in range(persons)])
        specs = [
            SpeakerSpec(name=f"{rng.choice(firsts)} {rng.choice(surnames)}", kind=SpeakerKind.person)
            for _ in range(lookups)
        ]
        _candidates(session, specs[0])  # warm the statement cache
        start = time.perf_counter()
        found = sum(len(_candidates(session, spec)) for spec in specs)
        elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed / lookups * 1000, found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--persons", type=int, nargs="+", default=[3000, 30000])
    ap.add_argument("--lookups", type=int, default=200)
    a = ap.parse_args()
    print(f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.2f} at the start")
    with tempfile.TemporaryDirectory() as tmp:
        for persons in a.persons:
            ms, found = measure(Path(tmp) / f"lookup-{persons}.db", persons, a.lookups)
            print(f"{persons:>8} persons, {2 * persons:>8} aliases: {ms:6.2f} ms per lookup ({found} candidates)")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

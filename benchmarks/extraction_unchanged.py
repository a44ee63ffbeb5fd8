"""Is extraction's output byte for byte what it was? For changes meant to make extraction faster only.

    python benchmarks/extraction_unchanged.py save BEFORE.jsonl [--texts 150] [--long-kb 200]
    (change the code)
    python benchmarks/extraction_unchanged.py compare BEFORE.jsonl

`save` extracts the first N PolNeAR train texts (read at run time from ../shared; skipped when absent),
invented long texts and PolNeAR texts laid end to end (benchmarks/long_text_speed.py's) on both paths,
default and fast, and writes every result as canonical JSON, one line a text. `compare` extracts the
same texts again with the code now in the tree and names every text whose output differs, exiting 1 if
any does.

Extraction does not depend on the hash seed (tests/extraction/test_resolution.py checks the one place
where it did), so the two runs may be separate processes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import extract  # noqa: E402
from benchmarks.long_text_speed import POLNEAR_TRAIN, polnear_text, synthetic_text  # noqa: E402


def texts(count: int, long_kb: list[float], polnear_kb: list[float]) -> Iterator[tuple[str, str]]:
    with POLNEAR_TRAIN.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= count:
                break
            doc = json.loads(line)
            yield str(doc.get("doc_id", n)), doc["text"]
    for kb in long_kb:
        yield f"invented-{kb:g}KB", synthetic_text(int(kb * 1000))
    for kb in polnear_kb:
        yield f"polnear-end-to-end-{kb:g}KB", polnear_text(int(kb * 1000)) or ""


def output(text: str) -> dict[str, str]:
    """Both paths' results as canonical JSON."""
    return {
        path: json.dumps(dataclasses.asdict(extract(text, use_tagger=tagger)), sort_keys=True, ensure_ascii=False)
        for path, tagger in (("default", True), ("fast", False))
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["save", "compare"])
    ap.add_argument("file", type=Path)
    ap.add_argument("--texts", type=int, default=150, help="How many PolNeAR train texts (save).")
    ap.add_argument("--long-kb", type=float, nargs="*", default=[200], help="Invented long texts, KB (save).")
    ap.add_argument(
        "--polnear-kb", type=float, nargs="*", default=[], help="PolNeAR train texts end to end, KB (save)."
    )
    args = ap.parse_args()
    if not POLNEAR_TRAIN.is_file():
        print(f"skipped: {POLNEAR_TRAIN} is absent")
        return 0
    start = time.process_time()
    if args.mode == "save":
        with args.file.open("w", encoding="utf-8") as out:
            for name, text in texts(args.texts, args.long_kb, args.polnear_kb):
                out.write(json.dumps({"name": name, "text": text, "output": output(text)}, ensure_ascii=False) + "\n")
        print(f"saved {args.file} in {time.process_time() - start:.1f} CPU s")
        return 0
    differ, seen = [], 0
    with args.file.open(encoding="utf-8") as lines:
        for line in lines:
            saved = json.loads(line)
            seen += 1
            now = output(saved["text"])
            differ += [f"{saved['name']} ({path})" for path in now if now[path] != saved["output"][path]]
    print(f"{seen} texts, both paths, in {time.process_time() - start:.1f} CPU s: {len(differ)} outputs differ")
    for name in differ:
        print(f"  differs: {name}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

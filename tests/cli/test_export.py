"""`claimbase export`: CSV and JSONL of the stored attributions, with filters."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

from app.queries.export_rows import csv_header, csv_row
from tests.cli.conftest import Claimbase
from tests.cli.writing import HARBOR, harbor_gold, write, write_json


def _load_harbor(claimbase: Claimbase, tmp_path: Path) -> None:
    line = {"doc_id": "harbor", "text": HARBOR, "outlet": "Coastal Courier", "published_at": "2024-05-06"}
    write(tmp_path / "in" / "harbor.jsonl", json.dumps(line) + "\n")
    write_json(tmp_path / "in" / "harbor.json", harbor_gold("harbor", HARBOR))
    result = claimbase("ingest", str(tmp_path / "in"), "--no-extract")
    assert result.exit_code == 0, result.output


def test_csv_export_with_filter(claimbase: Claimbase, tmp_path: Path) -> None:
    _load_harbor(claimbase, tmp_path)
    result = claimbase("export", "--named")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == csv_header()
    assert row["speaker"] == "Odile Fenwright"
    assert row["speaker_kind"] == "person"
    assert row["outlet"] == "Coastal Courier"
    assert row["published_at"] == "2024-05-06T00:00:00Z"
    assert row["content"] == "We need more time to read the public comments,"
    assert HARBOR[int(row["content_start"]) : int(row["content_end"])] == row["content"]
    assert (row["cue"], row["speaker_mention"], row["quote_type"]) == ("said", "Odile Fenwright", "direct")
    assert (row["anonymous"], row["origin"], row["status"], row["confidence"]) == ("false", "manual", "confirmed", "")


def test_jsonl_export_to_file_with_filters(claimbase: Claimbase, tmp_path: Path) -> None:
    _load_harbor(claimbase, tmp_path)
    out = tmp_path / "anonymous.jsonl"
    result = claimbase("export", "--format", "jsonl", "--anonymous", "--outlet", "coastal courier", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 attributions written" in result.stderr
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(items) == 1
    item = items[0]
    assert item["content"]["text"] == "the delay would cost them a season of planning"
    assert item["speaker_mention"]["text"] == "Dock workers"
    assert item["anonymous"] is True
    assert item["article"]["published_at"] == "2024-05-06T00:00:00Z"
    # Filters that match nothing give the header (CSV) or nothing (JSONL), not an error.
    none = claimbase("export", "--published-from", "2024-06-01")
    assert none.exit_code == 0
    assert none.stdout.strip().splitlines() == [",".join(csv_header())]
    assert claimbase("export", "--format", "jsonl", "--outlet", "Elsewhere").stdout == ""
    by_speaker = claimbase("export", "--format", "jsonl", "--speaker", "fenwright", "--q", "comments")
    assert [json.loads(x)["speaker"]["name"] for x in by_speaker.stdout.splitlines()] == ["Odile Fenwright"]


def test_export_refuses_unmigrated_database_and_bad_options(claimbase: Claimbase) -> None:
    result = claimbase("export")
    assert result.exit_code == 1
    assert "run `claimbase db upgrade` first" in result.stderr
    assert "Traceback" not in result.output
    assert claimbase("export", "--published-from", "May 2024").exit_code == 2
    assert claimbase("export", "--stance", "maybe").exit_code == 2


def test_csv_row_flattens_absent_parts_to_empty_cells() -> None:
    item = {
        "id": 7,
        "article": {"id": 3, "title": None, "outlet": None, "published_at": datetime(2020, 1, 2, 3, 4)},
        "speaker": None,
        "claim_id": 9,
        "content": {"text": 'a "quoted", multi\nline claim', "start": 10, "end": 38},
        "cue": None,
        "speaker_mention": None,
        "quote_type": "indirect",
        "stance": "hedged",
        "anonymous": True,
        "anonymity_reason": None,
        "anonymity_reason_category": "safety",
        "via": {"speaker_id": 2, "name": "Wire Service", "mention": None},
        "parent_id": None,
        "origin": "extracted",
        "status": "suggested",
        "confidence": 0.75,
    }
    row = csv_row(item)
    assert len(row) == len(csv_header())
    values = dict(zip(csv_header(), row, strict=True))
    assert values["published_at"] == "2020-01-02T03:04:00Z"
    assert values["speaker"] == values["speaker_id"] == values["cue"] == ""
    assert values["anonymity_reason"] == "safety"
    assert values["via"] == "Wire Service"
    assert values["confidence"] == "0.75"
    buf = io.StringIO()
    csv.writer(buf).writerow(row)
    assert next(csv.reader(io.StringIO(buf.getvalue())))[9] == 'a "quoted", multi\nline claim'


def test_annotation_and_claim_exports(claimbase: Claimbase, tmp_path: Path) -> None:
    _load_harbor(claimbase, tmp_path)
    result = claimbase("export", "--format", "annotations", "--named")
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    assert page["type"] == "AnnotationPage" and len(page["items"]) == 1
    quote, position = page["items"][0]["target"]["selector"]
    assert HARBOR[position["start"] : position["end"]] == quote["exact"]
    assert page["items"][0]["target"]["source"].startswith("urn:claimbase:article:")
    out = tmp_path / "claims.json"
    result = claimbase("export", "--format", "claims", "-o", str(out))
    assert result.exit_code == 0, result.output
    clusters = json.loads(out.read_text(encoding="utf-8"))["clusters"]
    assert clusters and all(c["reports"][0]["first"] for c in clusters)
    assert f"{len(clusters)} claim clusters written" in result.stderr
    wrong = claimbase("export", "--format", "claims", "--named")
    assert wrong.exit_code != 0 and "attribution filters" in wrong.output
    wrong = claimbase("export", "--has-variants")
    assert wrong.exit_code != 0 and "--format claims" in wrong.output

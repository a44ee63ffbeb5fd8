"""`claimbase extract`: the Rich table, --explain, and --jsonl in the gold format."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli.main import cli

TEXT = "“The bridge is safe,” said Marit Solberg, the city engineer. Critics said the report was rushed."


def test_jsonl_writes_one_line_per_document_in_the_gold_format(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines_in = [json.dumps({"doc_id": "d1", "text": TEXT}), "", json.dumps({"doc_id": "d2", "text": ""})]
    src.write_text("\n".join(lines_in) + "\n")
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(src), "--fast"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["doc_id"] for d in lines] == ["d1", "d2"]
    atts = lines[0]["attributions"]
    first = next(a for a in atts if a["content"]["text"] == "The bridge is safe")
    assert TEXT[first["content"]["start"] : first["content"]["end"]] == "The bridge is safe"
    assert first["entity"] == "Marit Solberg" and first["source_kind"] == "person"
    assert first["quote_type"] == "direct" and first["stance"] == "asserts" and first["anonymous"] is False
    assert set(first) >= {
        "source",
        "cue",
        "content",
        "entity",
        "source_kind",
        "anonymous",
        "anonymity_reason",
        "quote_type",
        "stance",
        "via",
    }
    assert lines[1]["attributions"] == []


def test_jsonl_bad_line_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"doc_id": "x"}\n')
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(src)])
    assert result.exit_code == 1
    assert "doc_id" in result.output and "Traceback" not in result.output


def test_table_and_explain(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--explain", "--fast", str(f)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Marit Solberg" in result.output and "direct:quote-cue-source" in result.output


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "no such file" in result.output


def test_jsonl_polnear_format_merges_split_quotes_into_pieces(tmp_path: Path) -> None:
    text = "“The dam held,” said Ola Brekke. “The next flood will test it.”"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"doc_id": "p1", "text": text}) + "\n")
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(src), "--format", "polnear", "--fast"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    (att,) = line["attributions"]
    pieces = att["content"]["pieces"]
    assert [text[s:e] for s, e in pieces] == ["“The dam held,”", "“The next flood will test it.”"]
    assert att["source"]["text"] == "Ola Brekke"
    bad = CliRunner().invoke(cli, ["extract", "--jsonl", str(src), "--format", "xml"])
    assert bad.exit_code == 1 and "--format" in bad.output

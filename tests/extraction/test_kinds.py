"""Kinds of attribution (speech, belief, intention, evidence, action) and choosing them for output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.main import cli
from app.extraction import extract
from app.extraction.kinds import COUNTED, KINDS, keep_kinds, kind_of, parse_kinds, topic_only
from app.extraction.types import Attribution, Span


@pytest.mark.parametrize(
    ("cue", "content", "direct", "kind"),
    [
        ("said", "the ferry would run on time", False, "speech"),
        ("according to", "the ferry would run on time", False, "speech"),
        (None, "We will rebuild the pier", True, "speech"),
        (":", "Ferry fares to rise", False, "speech"),
        ("believes", "the ferry is safe", False, "belief"),
        ("is convinced", "the ferry is safe", False, "belief"),
        ("plans", "to sell the ferry", False, "intention"),
        ("showed", "most riders are satisfied", False, "evidence"),
        ("sold", "the ferry", False, "action"),
        ("is pushing", "to sell the ferry", False, "intention"),
        ("grinned", "We will rebuild the pier", True, "speech"),
        ("did not say", "whether she backed the ferry plan", False, "action"),  # a question left open
        ("wouldn't say", "how many riders had complained", False, "action"),
        ("did not say", "We will rebuild the pier", True, "speech"),
        ("did not respond to", "questions about the ferry", False, "action"),  # an object, not a clause
        ("declined to comment on", "the ferry's finances", False, "action"),
        ("did not say", "the ferry was late", False, "speech"),
        ("said", "whether the ferry ran was a matter for the board", False, "speech"),
    ],
)
def test_kind_comes_from_the_cue_and_the_content(cue: str | None, content: str, direct: bool, kind: str) -> None:
    assert kind_of(cue, content, direct) == kind


def test_every_attribution_has_a_kind_and_keep_kinds_remaps_parents() -> None:
    text = "Dana Holt said that the council believes the bridge is sound. The council plans to repaint it."
    res = extract(text)
    assert res.attributions and all(a.kind in KINDS for a in res.attributions)
    kept = keep_kinds(res, COUNTED)
    assert all(a.kind in COUNTED for a in kept.attributions)
    for a in kept.attributions:
        assert a.parent is None or 0 <= a.parent < len(kept.attributions)


def test_parse_kinds_names_the_bad_word() -> None:
    assert parse_kinds("all") == frozenset(KINDS)
    assert parse_kinds("Speech, belief") == {"speech", "belief"}
    with pytest.raises(ValueError, match="gossip"):
        parse_kinds("speech,gossip")


def test_cli_kinds_option_and_kind_and_confidence_in_both_formats(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"doc_id": "d", "text": "“The pier is safe,” said Ana Ruiz, the harbour master."}) + "\n")
    for fmt in ("gold", "polnear"):
        out = CliRunner().invoke(cli, ["extract", "--jsonl", str(src), "--format", fmt])
        assert out.exit_code == 0, out.output
        atts = json.loads(out.stdout)["attributions"]
        assert atts and all(a["kind"] == "speech" and 0.0 <= a["confidence"] <= 1.0 for a in atts)
    only = CliRunner().invoke(cli, ["extract", "--jsonl", str(src), "--kinds", "action"])
    assert only.exit_code == 0 and json.loads(only.stdout)["attributions"] == []
    bad = CliRunner().invoke(cli, ["extract", "--jsonl", str(src), "--kinds", "rumour"])
    assert bad.exit_code == 1 and "--kinds" in bad.output and "rumour" in bad.output


def _speech(text: str, cue: str, content: str, kind: str = "speech") -> Attribution:
    def span(part: str) -> Span:
        i = text.index(part)
        return Span.of(text, i, i + len(part))

    return Attribution(span(content), span(cue), span("The mayor"), None, "indirect", "asserts", False, kind)


@pytest.mark.parametrize(
    ("text", "cue", "content", "kind", "topic"),
    [
        ("The mayor complained about the noise.", "complained about", "the noise", "speech", True),
        ("The mayor had asked about him.", "had asked", "about him", "speech", True),
        ("The mayor worried about the cost.", "worried", "about the cost", "belief", False),  # what is worried
        ("The mayor said the noise was about to stop.", "said", "the noise was about to stop", "speech", False),
    ],
)
def test_speech_about_a_topic_only_has_no_content(text: str, cue: str, content: str, kind: str, topic: bool) -> None:
    assert topic_only(_speech(text, cue, content, kind)) is topic


def test_the_guidelines_leave_out_a_topic_polnear_keeps_it() -> None:
    text = "The mayor spoke for an hour. Several residents complained about the noise on Tuesday."
    assert not [a for a in extract(text).attributions if "noise" in a.content.text]
    assert [a for a in extract(text, unsourced=True).attributions if "noise" in a.content.text]

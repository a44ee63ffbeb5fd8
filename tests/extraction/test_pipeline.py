"""The whole pipeline: spans are exact, the tagger is optional, and the seed gold figures hold."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.extraction import EXTRACTOR_VERSION, extract, merge, to_gold_dicts
from app.extraction.candidate import Cand, lead_piece
from app.extraction.kinds import COUNTED, keep_kinds
from app.extraction.pipeline import end_before_holding_clause, select, without_trailing_adjuncts

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

TEXT = (
    "Lake levels fell again in June, the water board said. “We are rationing,” said Sven Ahl, the "
    "board's chairman. He added that the restrictions could last until autumn."
)


def test_every_span_indexes_the_text() -> None:
    res = extract(TEXT)
    assert res.attributions and res.version
    for a in res.attributions:
        for s in (a.content, a.cue, a.source, a.via, a.anonymity_reason):
            if s is not None:
                assert TEXT[s.start : s.end] == s.text
        assert 0.0 <= a.confidence <= 1.0 and a.rule
    dicts = to_gold_dicts(TEXT, res)
    assert len(dicts) == len(res.attributions)


def test_pronoun_speaker_resolves_and_stance_is_hedged() -> None:
    res = extract(TEXT, use_tagger=False)
    a = next(a for a in res.attributions if "restrictions could last" in a.content.text)
    assert a.source.text == "He" and res.entities[a.entity].name == "Sven Ahl" and a.stance == "hedged"


def test_missing_tagger_model_leaves_the_rules_working(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tagger = merge._load()
    if tagger is None:
        pytest.skip("no tagger module")
    monkeypatch.setattr(tagger, "MODEL_PATH", tmp_path / "absent.crfsuite")
    res = extract(TEXT)
    assert res.version.startswith("rules-1.0") and "crf" not in res.version
    assert not [a for a in res.attributions if a.rule.startswith("tagger")]
    assert len(res.attributions) == len(extract(TEXT, use_tagger=False).attributions)


def test_version_names_the_rules() -> None:
    assert EXTRACTOR_VERSION.startswith("rules-")


def test_bad_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError):
        extract(None)  # type: ignore[arg-type]
    assert extract("").attributions == []


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "gold" / "score.py").is_file(), reason="../shared is absent")
def test_seed_gold_figures() -> None:
    spec = importlib.util.spec_from_file_location("gold_score", SHARED / "gold" / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    tally = scorer.Tally()
    hits = source_hits = n_pred = n_gold = 0
    for gold_path in sorted((SHARED / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (SHARED / "corpus" / f"{gold['doc_id']}.txt").open(encoding="utf-8", newline="").read()
        counted = keep_kinds(extract(text), COUNTED)  # the gold annotates speech and belief
        row = scorer.score_doc(gold["attributions"], to_gold_dicts(text, counted), tally)
        hits, source_hits = hits + row["content_hits"], source_hits + row["source_hits"]
        n_pred, n_gold = n_pred + row["pred"], n_gold + row["gold"]
    assert scorer.prf(hits, n_pred, n_gold)["f1"] >= 0.85
    assert scorer.prf(source_hits, n_pred, n_gold)["f1"] >= 0.80
    assert tally.ratio("entity") >= 0.85 and tally.ratio("anonymous") >= 0.95


def test_a_content_after_a_comma_following_an_inverted_cue_is_the_writers() -> None:
    """ "A, officials said, after talks that …": the cue's content stands before it; what follows its comma is
    the writer's. After a quotation the sentence may go on with more of the content."""

    def cand(text: str, content: str, cue: str, direct: bool = False) -> Cand:
        s, c = text.index(content), text.index(cue)
        return Cand((s, s + len(content)), (c, c + len(cue)), None, direct=direct)

    text = "The ferry stopped at noon, officials said, after two days of talks that had produced nothing."
    before, after = cand(text, "The ferry stopped at noon", "said"), cand(text, "two days of talks", "said")
    assert without_trailing_adjuncts(text, [before, after]) == [before]
    quoted = "“It is the better use of money,” he added, to build a cheaper footbridge instead."
    before, after = cand(quoted, "It is the better use of money", "added", True), cand(quoted, "to build", "added")
    assert without_trailing_adjuncts(quoted, [before, after]) == [before, after]


def test_a_content_ends_before_the_reporting_clause_holding_it() -> None:
    text = "Inspectors believe the dam was weakened by the flood, the agency said on Monday."
    outer = Cand(content=(0, 52), cue=(text.index("said"), text.index("said") + 4), source=(54, 64))
    inner = Cand(content=(19, len(text) - 1), cue=(11, 18), source=(0, 10))  # the tagger ran on to "Monday"
    assert text[slice(inner.content[0], end_before_holding_clause(text, inner, [inner, outer]))] == (
        "the dam was weakened by the flood"
    )
    assert end_before_holding_clause(text, outer, [inner, outer]) == outer.content[1]


def test_a_tagger_source_running_into_an_adjunct_ends_before_its_preposition() -> None:
    text = "A state judge on Thursday ordered the authority to reopen its review."
    source, cue = SimpleNamespace(start=0, end=16), SimpleNamespace(start=26, end=33)  # "A state judge on"
    span, toks = merge._source_phrase(text, source, cue)
    assert span == (0, 13) and [t.text for t in toks] == ["A", "state", "judge"]


def test_two_readings_of_one_source_are_rivals_not_a_report_in_a_report() -> None:
    text = "Some drivers posted messages online saying they had been paid late."

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    end = len(text) - 1
    posted = Cand(content=(at("messages")[0], end), cue=at("posted"), source=at("Some drivers"))
    saying = Cand(content=(at("they had")[0], end), cue=at("saying"), source=at("Some drivers"))
    assert select([posted, saying], [0.7, 0.9], 0.3) == [1]
    nested = Cand(content=(at("they had")[0], end), cue=at("saying"), source=at("messages online"))
    assert sorted(select([posted, nested], [0.7, 0.9], 0.3)) == [0, 1]  # a source inside: a report in it


def test_a_lead_piece_is_kept_with_the_rest_of_its_content_and_never_alone() -> None:
    text = "The new bridge, engineers said, will carry trams from next spring."

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    rest = Cand(content=(at("will")[0], len(text) - 1), cue=at("said"), source=at("engineers"))
    rest.lead = at("The new bridge")
    lead = lead_piece(rest)
    rival = Cand(content=at("The new bridge, engineers"), cue=None, source=None)  # another reading of the lead
    # the lead scores best, its rest too low: no lead alone, and the rival it overlaps is not blocked by it
    assert select([rest, lead, rival], [0.2, 0.9, 0.5], 0.3) == [2]
    # the rest kept takes its lead along, whatever the lead's own score, and the lead then blocks the rival
    assert select([rest, lead, rival], [0.8, 0.1, 0.5], 0.3) == [0, 1]
    # a rival kept before the rest keeps the lead's words: the rest stands alone
    assert select([rest, lead, rival], [0.6, 0.1, 0.7], 0.3) == [2, 0]


def test_two_readings_of_a_clause_an_aside_splits_are_rivals() -> None:
    # one reading with the lead before the aside, one without: the same cue between, not a report in a report
    text = "Over the coming decade, the report argues, bus routes in the valley will lose riders."

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    rest = (at("bus")[0], len(text) - 1)
    with_lead = Cand(content=rest, cue=at("argues"), source=at("the report"))
    with_lead.lead = at("Over the coming decade")
    without = Cand(content=rest, cue=at("argues"), source=at("the report"))
    cands = [with_lead, lead_piece(with_lead), without]
    assert select(cands, [0.9, 0.2, 0.8], 0.3) == [0, 1]
    assert select(cands, [0.8, 0.2, 0.9], 0.3) == [2]


def test_the_clause_before_an_aside_is_no_attribution_of_its_own() -> None:
    text = "Over the coming decade, the report argues, bus routes in the valley will lose half their riders."
    contents = [a.content.text for a in extract(text, unsourced=True).attributions]
    assert contents and all("bus routes" in c for c in contents), contents

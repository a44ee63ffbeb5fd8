"""Page regions: repeated paragraphs, page furniture, headline, byline and dateline; and the extractor
honouring them (a repeat yields its attributions once, furniture none)."""

from __future__ import annotations

from app.text.regions import find_regions
from tests.extraction.helpers import run

PAGE = (
    "Skip to content\n"
    "Harbor Strike Ends After Nine Days, Union Leaders Say\n"
    "By Elin Sarkis\n"
    "OSLOVIK — The dock workers returned on Monday, union leaders said.\n"
    "“We won the pay rise we asked for,” said Petra Nyholm, the union's chairwoman.\n"
    "The port authority said the first ships would be unloaded by Wednesday.\n"
    "“We won the pay rise we asked for,” said Petra Nyholm, the union's chairwoman.\n"
    "Share this:\n"
    "Leave a Reply\n"
    "Name and email are required to comment.\n"
    "4 Responses to “Harbor Strike Ends”\n"
    "dockfan77 says:\n"
    "Officials said nothing useful, as usual.\n"
)


def _kinds(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in find_regions(text):
        assert 0 <= r.start < r.end <= len(text)
        out.setdefault(r.kind, []).append(text[r.start : r.end])
    return out


def test_regions_of_a_scraped_page() -> None:
    kinds = _kinds(PAGE)
    assert kinds["headline"] == ["Harbor Strike Ends After Nine Days, Union Leaders Say"]
    assert kinds["byline"] == ["By Elin Sarkis"]
    assert kinds["dateline"] == ["OSLOVIK — "]
    assert len(kinds["repeat"]) == 1 and kinds["repeat"][0].startswith("“We won the pay rise")
    furniture = kinds["furniture"]
    assert "Skip to content" in furniture and "Share this:" in furniture and "Leave a Reply" in furniture
    assert "Officials said nothing useful, as usual." in furniture  # a reader's comment at the end


def test_repeat_is_every_copy_after_the_first() -> None:
    text = "Para one is long enough.\nPara two is here too.\nPara one is long enough.\nPara one is long enough.\n"
    reps = [r for r in find_regions(text) if r.kind == "repeat"]
    assert [text[r.start : r.end] for r in reps] == ["Para one is long enough."] * 2
    assert reps[0].start > text.index("Para two")


def test_extractor_reads_a_repeated_paragraph_once_and_furniture_never() -> None:
    res = run(PAGE)
    contents = [a.content.text for a in res.attributions]
    assert contents.count("We won the pay rise we asked for") == 1
    assert not any("nothing useful" in c for c in contents)
    assert "The dock workers returned on Monday" in contents  # the dateline is not part of the content
    assert "Harbor Strike Ends After Nine Days" in contents  # the headline's own attribution
    assert {r.kind for r in res.regions} >= {"repeat", "furniture", "headline", "byline", "dateline"}


def test_find_regions_rejects_non_text() -> None:
    import pytest

    with pytest.raises(TypeError):
        find_regions(b"bytes")  # type: ignore[arg-type]
    assert find_regions("") == []


def test_a_dateline_with_a_date_and_a_wire_is_not_part_of_the_content() -> None:
    text = "OSLO, May 4 (Reuters) - The ferry operator halted all sailings on Friday, the company said."
    [a] = run(text).attributions
    assert a.content.text == "The ferry operator halted all sailings on Friday"

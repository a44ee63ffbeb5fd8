"""`claimbase ingest`: text, HTML and JSONL articles, gold annotations, duplicates and bad files."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.models import Article, Attribution, Origin, Outlet, Status
from tests.cli.conftest import Claimbase
from tests.cli.writing import HARBOR, HTML_PAGE, ORCHARD, harbor_gold, write, write_json


def _articles(cb: Claimbase) -> dict[str | None, Article]:
    with cb.session() as s:
        return {a.source_name: a for a in s.scalars(select(Article))}


def test_text_files_are_stored_exactly_with_metadata(claimbase: Claimbase, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write(folder / "harbor.txt", HARBOR)
    # Windows line ends must survive reading: offsets count the carriage returns.
    write(folder / "nested" / "orchard.txt", ORCHARD, newline="\r\n")
    write(folder / "README.md", "notes that are not an article")
    result = claimbase("ingest", str(folder), "--no-extract", "--outlet", "Coastal Courier")
    assert result.exit_code == 0, result.output
    assert "articles: 2 new, 0 duplicate" in result.stdout
    stored = _articles(claimbase)
    assert set(stored) == {"harbor", "orchard"}
    harbor = stored["harbor"]
    assert harbor.text == HARBOR
    assert harbor.title == "Harbor Council Delays Vote on Ferry Fares"
    assert harbor.authors == ["Mira Castellane"]
    assert harbor.dateline == "Lowell Bay"
    assert stored["orchard"].text == ORCHARD.replace("\n", "\r\n")
    with claimbase.session() as s:
        assert s.scalars(select(Outlet.name)).all() == ["Coastal Courier"]
        assert harbor.outlet_id is not None


def test_html_file_gives_text_and_page_metadata(claimbase: Claimbase, tmp_path: Path) -> None:
    page = write(tmp_path / "library-night.html", HTML_PAGE)
    result = claimbase("ingest", str(page), "--no-extract")
    assert result.exit_code == 0, result.output
    article = _articles(claimbase)["library-night"]
    assert "reading room open until midnight" in article.text
    assert "Copyright" not in article.text
    assert article.title == "Library Opens Night Reading Room"
    assert article.published_at == datetime(2024, 3, 5, 10, 0)
    assert article.authors == ["Priya Orland"]
    with claimbase.session() as s:
        assert s.get(Outlet, article.outlet_id).name == "The Gull Gazette"


def test_jsonl_lines_with_a_bad_line_reported_by_number(claimbase: Claimbase, tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "doc_id": "harbor-1",
                "text": HARBOR,
                "outlet": "Coastal Courier",
                "published_at": "2024-05-06T08:30:00+02:00",
                "authors": ["M. Castellane"],
            }
        ),
        "",
        "{not json",
        json.dumps({"doc_id": "blank", "text": "   "}),
        json.dumps({"text": ORCHARD, "title": "Frost in the valleys"}),
        json.dumps({"doc_id": "script", "text": ORCHARD + " Again.", "url": "javascript:alert(1)"}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    result = claimbase("ingest", str(path), "--no-extract", "--outlet", "Fallback Weekly")
    assert result.exit_code == 1
    assert f"{path}:3: bad JSON" in result.stderr
    assert f"{path}:4: text: the article text is empty" in result.stderr
    assert f"{path}:6: url: must be an absolute http:// or https:// URL" in result.stderr
    assert "articles: 2 new, 0 duplicate" in result.stdout
    assert "failures: 3" in result.stdout
    with claimbase.session() as s:
        harbor = s.scalars(select(Article).where(Article.source_name == "harbor-1")).one()
        assert harbor.published_at == datetime(2024, 5, 6, 6, 30)  # stored as naive UTC
        assert harbor.authors == ["M. Castellane"]  # given authors beat the byline
        assert harbor.outlet.name == "Coastal Courier"  # the line's own outlet beats --outlet
        orchard = s.scalars(select(Article).where(Article.title == "Frost in the valleys")).one()
        assert orchard.outlet.name == "Fallback Weekly"
        assert orchard.source_name is None


def test_second_run_reports_duplicates_and_adds_nothing(claimbase: Claimbase, tmp_path: Path) -> None:
    write(tmp_path / "a" / "harbor.txt", HARBOR)
    write(tmp_path / "a" / "orchard.txt", ORCHARD)
    first = claimbase("ingest", str(tmp_path / "a"), "--no-extract")
    assert first.exit_code == 0, first.output
    # The same text under another name is the same article.
    write(tmp_path / "b" / "harbor-copy.txt", HARBOR)
    second = claimbase("ingest", str(tmp_path / "a"), str(tmp_path / "b"), "--no-extract")
    assert second.exit_code == 0, second.output
    assert "articles: 0 new, 3 duplicate" in second.stdout
    assert claimbase.count(Article) == 2


def test_bad_files_are_reported_and_skipped(claimbase: Claimbase, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write(folder / "good.txt", HARBOR)
    write(folder / "empty.txt", " \n\n")
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    write(folder / "broken.json", '{"doc_id": "good", "attributions": [')
    write(folder / "other.json", '{"hello": "world"}')
    write(folder / "menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = claimbase("ingest", str(folder), str(tmp_path / "missing.txt"), "--no-extract")
    assert result.exit_code == 1
    err = result.stderr
    assert "empty.txt: empty file" in err
    assert "latin1.txt: not UTF-8 text" in err
    assert "broken.json: bad JSON" in err
    assert "other.json: neither gold annotations" in err
    assert "menu.html: no article text found" in err
    assert "missing.txt: no such file or folder" in err
    assert "Traceback" not in result.output
    assert "articles: 1 new, 0 duplicate" in result.stdout
    assert "failures: 6" in result.stdout
    assert set(_articles(claimbase)) == {"good"}


def test_gold_annotations_import_after_articles_and_once(claimbase: Claimbase, tmp_path: Path) -> None:
    text = HARBOR.replace("\n", "\r\n")
    write(tmp_path / "corpus" / "harbor.txt", text)
    # Annotations come first on the command line; they are still imported after the articles.
    write_json(tmp_path / "gold" / "harbor.json", harbor_gold("harbor", text))
    write(tmp_path / "gold" / "GUIDELINES.md", "how to annotate")
    result = claimbase("ingest", str(tmp_path / "gold"), str(tmp_path / "corpus"), "--no-extract")
    assert result.exit_code == 0, result.output
    assert "2 gold" in result.stdout
    with claimbase.session() as s:
        rows = s.scalars(select(Attribution).order_by(Attribution.content_start)).all()
        assert [(r.origin, r.status) for r in rows] == [(Origin.manual, Status.confirmed)] * 2
        assert [text[r.content_start : r.content_end] for r in rows] == [
            "We need more time to read the public comments,",
            "the delay would cost them a season of planning",
        ]
        assert rows[1].anonymous is True
    again = claimbase("ingest", str(tmp_path / "corpus"), str(tmp_path / "gold"), "--no-extract")
    assert again.exit_code == 0, again.output
    assert "0 gold (2 already present)" in again.stdout
    assert claimbase.count(Attribution) == 2


def test_gold_span_mismatch_and_unknown_doc_are_reported(claimbase: Claimbase, tmp_path: Path) -> None:
    write(tmp_path / "harbor.txt", HARBOR)
    shifted = harbor_gold("harbor", HARBOR)
    shifted["attributions"][1]["content"]["start"] += 3
    shifted["attributions"][1]["content"]["end"] += 3
    write_json(tmp_path / "gold" / "harbor.json", shifted)
    write_json(tmp_path / "gold" / "nowhere.json", harbor_gold("nowhere", HARBOR))
    result = claimbase("ingest", str(tmp_path / "harbor.txt"), str(tmp_path / "gold"), "--no-extract")
    assert result.exit_code == 1
    assert "harbor.json: attributions[1].content: [" in result.stderr
    assert "does not hold 'the delay would cost them" in result.stderr
    assert "nowhere.json: doc_id: no article was ingested from a file named 'nowhere'" in result.stderr
    # A file with a bad span is refused whole, not half-imported.
    assert claimbase.count(Attribution) == 0
    assert claimbase.count(Article) == 1


def test_no_paths_and_unknown_file_type(claimbase: Claimbase, tmp_path: Path) -> None:
    assert claimbase("ingest").exit_code == 2
    doc = write(tmp_path / "notes.docx", "x")
    result = claimbase("ingest", str(doc), "--no-extract")
    assert result.exit_code == 1
    assert "notes.docx: unknown file type '.docx'" in result.stderr

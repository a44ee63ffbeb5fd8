"""A folder of plain texts with a metadata sidecar: outlet, URL and date per file; bad sidecars stop the run."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Article
from tests.cli.conftest import Claimbase
from tests.cli.writing import HARBOR, ORCHARD, write

THIRD = "Ferry Fares\n\nThe ferry will run every hour, the operator said.\n"


def _stored(cb: Claimbase) -> dict[str | None, tuple[str | None, str | None, datetime | None, str | None]]:
    with cb.session() as s:
        return {
            a.source_name: (
                a.outlet.name if a.outlet else None,
                a.url,
                a.published_at,
                a.outlet.domain if a.outlet else None,
            )
            for a in s.scalars(select(Article))
        }


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    write(folder / "harbor.txt", HARBOR)
    write(folder / "orchard.txt", ORCHARD)
    write(folder / "ferry.txt", THIRD)
    return folder


def test_a_csv_sidecar_gives_each_text_its_outlet_url_and_date(claimbase: Claimbase, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    write(
        folder / "metadata.csv",
        "file,outlet,url,date\n"
        "harbor.txt,Coastal Courier,https://courier.example.org/harbor,2024-03-05\n"
        "orchard.txt,,https://www.valley-news.example.net/frost,2024-04-01T08:30:00Z\n",
    )
    result = claimbase("ingest", str(folder), "--no-extract", "--outlet", "Fallback Daily")
    assert result.exit_code == 0, result.output
    assert "articles: 3 new" in result.stdout  # the sidecar is no article
    stored = _stored(claimbase)
    assert stored["harbor"] == (
        "Coastal Courier",
        "https://courier.example.org/harbor",
        datetime(2024, 3, 5),
        "courier.example.org",
    )
    # No outlet in the row: --outlet names it (the row's URL and date still hold).
    assert stored["orchard"][:3] == (
        "Fallback Daily",
        "https://www.valley-news.example.net/frost",
        datetime(2024, 4, 1, 8, 30),
    )
    assert stored["ferry"][0] == "Fallback Daily" and stored["ferry"][1] is None


def test_a_jsonl_sidecar_and_an_outlet_read_from_the_address(claimbase: Claimbase, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    rows = [
        {"file": "harbor.txt", "url": "https://www.coast.example.org/harbor"},
        {"file": "orchard.txt", "outlet": "Valley News", "url": "https://valley-news.example.net/frost"},
    ]
    write(folder / "metadata.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    result = claimbase("ingest", str(folder), "--no-extract")
    assert result.exit_code == 0, result.output
    stored = _stored(claimbase)
    # No outlet named and none known at that site: the site names it.
    assert stored["harbor"][0] == "coast.example.org" and stored["harbor"][3] == "coast.example.org"
    assert stored["orchard"][0] == "Valley News" and stored["orchard"][3] == "valley-news.example.net"
    assert stored["ferry"][0] is None
    # An address on a site an outlet is known by gives that outlet.
    more = tmp_path / "more"
    write(more / "x.txt", "Later\n\nThe pier reopened, the mayor said.\n")
    write(more / "metadata.csv", "file,url\nx.txt,https://www.valley-news.example.net/pier\n")
    assert claimbase("ingest", str(more), "--no-extract").exit_code == 0
    assert _stored(claimbase)["x"][0] == "Valley News"


@pytest.mark.parametrize(
    ("sidecar", "content", "message"),
    [
        (
            "metadata.csv",
            "file,outlet,source\nharbor.txt,A,B\n",
            "metadata.csv:2: source: Extra inputs are not permitted",
        ),
        ("metadata.csv", "file,date\nharbor.txt,next tuesday\n", "metadata.csv:2: date:"),
        ("metadata.csv", "file,url\nharbor.txt,javascript:alert(1)\n", "metadata.csv:2: url: must be an absolute http"),
        ("metadata.csv", "file,outlet\nmissing.txt,A\n", "metadata.csv:2: file: 'missing.txt' is not in"),
        (
            "metadata.csv",
            "file,outlet\nharbor.txt,A\nharbor.txt,B\n",
            "metadata.csv:3: file: 'harbor.txt' is described twice",
        ),
        (
            "metadata.csv",
            "outlet,url\nA,https://a.example.org/\n",
            "the first line must name the columns, one of them `file`",
        ),
        ("metadata.csv", "file,outlet\nharbor.txt,A,extra\n", "metadata.csv:2: more values than columns"),
        ("metadata.csv", "file\n../harbor.txt\n", "metadata.csv:2: file: must be a file name"),
        ("metadata.jsonl", '{"file": "harbor.txt"}\n{"file": \n', "metadata.jsonl:2: bad JSON"),
        ("metadata.jsonl", '["harbor.txt"]\n', "metadata.jsonl:1: expected an object"),
    ],
)
def test_a_bad_sidecar_stops_the_run_naming_file_line_and_field(
    claimbase: Claimbase, tmp_path: Path, sidecar: str, content: str, message: str
) -> None:
    assert claimbase("db", "upgrade").exit_code == 0
    folder = _folder(tmp_path)
    write(folder / sidecar, content)
    result = claimbase("ingest", str(folder), "--no-extract")
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
    assert claimbase.count(Article) == 0


def test_two_sidecars_in_one_folder_are_refused(claimbase: Claimbase, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    write(folder / "metadata.csv", "file\nharbor.txt\n")
    write(folder / "metadata.jsonl", '{"file": "harbor.txt"}\n')
    result = claimbase("ingest", str(folder), "--no-extract")
    assert result.exit_code == 1 and "keep one" in result.stderr

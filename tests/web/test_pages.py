"""The pages as HTML, on SQLite and PostgreSQL: what they show, how they escape, who may read them."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Article, Speaker, TokenRole
from app.queries import fts
from app.store.speakers import record_role
from app.store.tokens import create_token
from app.web import pages_search
from tests.api.conftest import make_client
from tests.web.corpus import add_hostile, seed

SEGMENT = re.compile(r'<span data-s="(\d+)"[^>]*>(.*?)</span>', re.S)


def _article_text_html(page: str) -> str:
    start = page.index('id="article-text"')
    return page[page.index(">", start) + 1 : page.index("</div>", start)]


def test_every_page_renders_with_a_strict_content_security_policy(client: TestClient) -> None:
    s = seed(client)
    a = s.attributions["household"]
    paths = [
        "/",
        "/?q=household",
        "/dashboard",
        "/review",
        "/add",
        "/token",
        "/login",
        "/speakers",
        "/articles",
        "/claims",
        f"/articles/{a['article']['id']}",
        f"/speakers/{a['speaker']['id']}",
        f"/claims/{a['claim_id']}",
    ]
    for path in paths:
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:500])
        assert r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "style-src 'self'" in csp
        assert "<script>" not in r.text and " style=" not in r.text and " onclick" not in r.text, path
        ids = re.findall(r'\sid="([^"]+)"', r.text)
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))
        for control in re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', r.text):
            assert f'for="{control}"' in r.text or f'id="{control}" type="hidden"' in r.text, (path, control)
    assert client.get("/static/vendor/chartjs/chart.umd.min.js").status_code == 200


def test_search_facets_links_and_export_follow_the_url(client: TestClient) -> None:
    seed(client)
    page = client.get("/", params=[("anonymous", "true")]).text
    assert "the pumps had failed twice in April" in page and "We are asking every household" not in page
    assert "1 statement" in page
    assert "/api/export/attributions?anonymous=true&amp;format=csv" in page
    # A facet link keeps the filters already chosen and adds its own.
    link = re.search(r'href="(\?anonymous=true&amp;outlet=Valley\+Courier)"', page)
    assert link is not None
    narrowed = client.get("/" + html.unescape(link.group(1))).text
    assert "the pumps had failed twice in April" in narrowed
    export = client.get("/api/export/attributions", params={"anonymous": "true", "format": "csv"}).text
    assert export.count("\n") == 2 and "the pumps had failed twice in April" in export
    by_speaker = client.get("/", params={"speaker_name": "prewitt"}).text
    assert by_speaker.count('class="result"') == 4


def test_a_name_in_the_search_box_lists_that_speakers_statements_first(client: TestClient) -> None:
    seed(client)
    named = client.get("/", params={"q": "prewitt"}).text
    # Nothing said contains the name, yet the speaker's four statements come first, with her page.
    section = named[named.index('class="by-speaker"') : named.index('id="results-heading"')]
    assert "Said by speakers named “prewitt”: 4 statements" in section
    assert section.count('class="result"') == 4 and "O. Prewitt</a>" in section
    assert "0 statements with these words" in named
    # Words that name no one leave the page as it was; the full-text matches stay.
    words = client.get("/", params={"q": "household"}).text
    assert 'class="by-speaker"' not in words and "3 statements" in words
    # Other filters apply to both lists.
    narrowed = client.get("/", params={"q": "prewitt", "stance": "denies"}).text
    assert "Said by speakers named “prewitt”: 1 statement<" in narrowed


def test_bad_parameters_give_a_message_and_the_rest_of_the_search(client: TestClient) -> None:
    seed(client)
    everything = client.get("/").text
    link = re.search(r'href="([^"]+)">Include rejected statements', everything)
    assert link is not None and html.unescape(link.group(1)) == "?status=suggested&status=confirmed&status=rejected"
    r = client.get("/", params={"published_from": "someday", "stance": "denies", "cursor": "forged", "sort": "x"})
    assert r.status_code == 200
    assert r.text.count('role="alert"') == 3
    assert "that the pumps had failed" in r.text and r.text.count('class="result"') == 1


def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    seed(client)
    hostile = add_hostile(client)
    pages = [
        client.get(f"/articles/{hostile['article']['id']}").text,
        client.get("/").text,
        client.get(f"/speakers/{hostile['attribution']['speaker']['id']}").text,
        client.get(f"/claims/{hostile['attribution']['claim_id']}").text,
        client.get("/articles").text,
        client.get("/dashboard").text,
    ]
    for page in pages:
        assert "<script>window" not in page and "<img src=x" not in page and "<b>Bold</b>" not in page
        assert "&lt;" in page
    article = pages[0]
    assert "&lt;script&gt;window.__pwned = 1;" in article
    # The page data for scripts cannot close its own <script> element.
    data = article[article.index('id="page-data">') :]
    assert "</script>" not in data[: data.index("</script>")]


def test_only_http_addresses_become_links(client: TestClient, session: Session) -> None:
    good = client.post("/api/articles", json={"text": "One, said Ana.", "url": "https://example.org/one"}).json()
    # An address stored before addresses were checked (by an older version) is shown, never linked.
    old = Article(text="Two, said Bo.", content_hash="x" * 64, url="javascript:alert(document.domain)")
    session.add(old)
    session.flush()
    page = client.get(f"/articles/{good['id']}").text
    assert '<a href="https://example.org/one" rel="noopener noreferrer nofollow">' in page
    page = client.get(f"/articles/{old.id}").text
    assert "javascript:alert(document.domain)" in page and 'href="javascript:' not in page


def test_pages_tell_whether_writes_need_a_token(session: Session) -> None:
    with make_client(session) as opened:
        assert "data-token-needed" not in opened.get("/review").text
        assert "claimbase serve --open" in opened.get("/token").text
    with make_client(session, open_writes=False) as closed:
        assert "data-token-needed" in closed.get("/review").text
        assert "data-token-needed" in closed.get("/add").text


def test_article_segments_give_back_the_stored_text_and_offsets(client: TestClient) -> None:
    text = "Dock Notes\r\n\r\n“Tide’s turning 🌊,” said Ana Brel.\r\nShe added that the pier is safe.\n"
    article = client.post("/api/articles", json={"text": text, "extract": False, "title": "Dock Notes"}).json()
    start = text.index("Tide")
    end = text.index(",”")
    r = client.post(
        "/api/attributions",
        json={
            "article_id": article["id"],
            "content": {"start": start, "end": end},
            "speaker_name": "Ana Brel",
            "cue": {"start": text.index("said"), "end": text.index("said") + 4},
        },
    )
    assert r.status_code == 201, r.text
    body = _article_text_html(client.get(f"/articles/{article['id']}").text)
    assert "\r" not in body and "&#13;" in body  # the DOM keeps carriage returns as characters
    rebuilt = ""
    for offset, piece in SEGMENT.findall(body):
        assert int(offset) == len(rebuilt)
        rebuilt += html.unescape(piece)
    assert rebuilt == text
    assert f'id="a{r.json()["id"]}" data-n="1"' in body


def test_review_lists_only_statements_awaiting_a_decision(client: TestClient) -> None:
    s = seed(client)
    page = client.get("/review").text
    assert "3 suggested statements await a decision" in page
    for key in ("pumps", "denial", "autumn"):
        assert f'id="q{s.attributions[key]["id"]}"' in page
    assert f'id="q{s.attributions["household"]["id"]}"' not in page


def test_unknown_records_get_a_page_saying_so(client: TestClient) -> None:
    for path in ("/articles/987654", "/speakers/987654", "/claims/987654"):
        r = client.get(path)
        assert r.status_code == 404 and "Not found" in r.text


def test_a_private_instance_asks_for_the_token_and_keeps_it_in_a_cookie(session: Session) -> None:
    secret = create_token(session, "reader", TokenRole.editor).secret
    with make_client(session, private=True) as c:
        r = c.get("/speakers?q=x", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fspeakers%3Fq%3Dx"
        assert c.get("/login").status_code == 200
        wrong = c.post("/login", data={"token": "cb_wrong", "next": "/speakers"}, follow_redirects=False)
        assert wrong.status_code == 401 and "unknown or revoked" in wrong.text
        r = c.post("/login", data={"token": secret, "next": "/speakers?q=x"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/speakers?q=x"
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert c.get("/speakers?q=x", follow_redirects=False).status_code == 200
        assert c.post("/logout", follow_redirects=False).status_code == 303
        c.cookies.clear()
        assert c.get("/", follow_redirects=False).status_code == 303
        assert c.get("/static/style.css").status_code == 200  # the login page needs its stylesheet


def test_login_never_redirects_off_the_site(session: Session) -> None:
    secret = create_token(session, "reader", TokenRole.editor).secret
    with make_client(session) as c:
        for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
            r = c.post("/login", data={"token": secret, "next": target}, follow_redirects=False)
            assert r.headers["location"] == "/", target


def test_speaker_page_shows_roles_over_time_with_their_articles(client: TestClient, session: Session) -> None:
    s = seed(client)
    speaker = session.get(Speaker, s.attributions["household"]["speaker"]["id"])
    first = session.get(Article, s.articles["reservoir"]["id"])
    later = session.get(Article, s.articles["relay"]["id"])
    record_role(session, speaker, first, "director", "Dryton Water Utility")
    record_role(session, speaker, later, "director", "Dryton Water Utility")
    record_role(session, speaker, later, "chair", "Regional Water Board")
    session.flush()
    page = client.get(f"/speakers/{speaker.id}").text
    roles = page[page.index('id="roles-heading"') : page.index("</table>")]
    assert roles.index("director") < roles.index("chair")  # earliest first
    assert "2024-05-02 – 2024-06-03" in roles
    assert f'href="/articles/{first.id}">Reservoir Levels Fall Again</a> (2024-05-02)' in roles


def test_a_search_page_says_when_its_facets_counted_only_the_newest_matches(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(client)
    exact = client.get("/", params={"q": "household"}).text
    assert "3 statements" in exact and 'id="facets-partial"' not in exact
    # Facets over the 2 newest of the 3 matches: the page says so, and still lists every match.
    monkeypatch.setattr(pages_search, "newest_matches", lambda s, q: fts.newest_matches(s, q, bound=2))
    partial = client.get("/", params={"q": "household"}).text
    assert "At least 2 statements" in partial and 'id="facets-partial"' in partial
    assert partial.count('class="result"') == exact.count('class="result"') == 3

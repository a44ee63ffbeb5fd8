from datetime import datetime

import pytest

from app.text.html import HtmlArticle, UnreadableHtml, html_to_article

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Tidewater council delays harbour vote | The Example Ledger</title>
<meta property="og:site_name" content="The Example Ledger">
<meta property="og:title" content="Tidewater council delays harbour vote">
<meta name="author" content="Priya Okonkwo">
<meta property="article:published_time" content="2024-03-05T14:30:00+01:00">
<link rel="canonical" href="https://example.org/ledger/2024/03/harbour-vote">
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Tidewater council delays harbour vote</h1>
<p>The Tidewater town council postponed its vote on the harbour dredging contract on Tuesday, after two
members asked for more time to read an engineering study that was delivered late on Monday evening.</p>
<p>"We were handed four hundred pages at nine o'clock at night," said Councillor Aled Brannigan, who chairs
the finance committee. "Nobody can vote responsibly on that."</p>
<p>The council's clerk said the vote would be rescheduled for the first meeting in April, and that the
contractor had agreed to hold its price until then.</p>
</article>
<footer><p>Subscribe to our newsletter</p><p>Copyright 2024</p></footer>
</body></html>
"""


def test_article_text_and_metadata() -> None:
    article = html_to_article(PAGE)
    assert isinstance(article, HtmlArticle)
    assert "postponed its vote on the harbour dredging contract" in article.text
    assert "Nobody can vote responsibly on that." in article.text
    assert "Subscribe to our newsletter" not in article.text
    assert "Sport" not in article.text
    assert article.title == "Tidewater council delays harbour vote"
    assert article.authors == ["Priya Okonkwo"]
    assert article.published_at == datetime(2024, 3, 5, 13, 30)
    assert article.outlet == "The Example Ledger"
    assert article.url == "https://example.org/ledger/2024/03/harbour-vote"
    assert article.hostname == "example.org"
    assert article.language == "en"


def test_bytes_in_a_declared_legacy_charset() -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("clerk", "greffière")
    article = html_to_article(page.encode("iso-8859-1"), url="https://example.org/given")
    assert "greffière" in article.text


def test_url_argument_is_used_when_the_page_has_none() -> None:
    page = PAGE.replace('<link rel="canonical" href="https://example.org/ledger/2024/03/harbour-vote">', "")
    assert html_to_article(page, url="https://example.org/given").url == "https://example.org/given"


def test_a_page_address_that_is_not_http_is_dropped() -> None:
    page = PAGE.replace("https://example.org/ledger/2024/03/harbour-vote", "javascript:alert(1)")
    assert html_to_article(page).url is None
    assert html_to_article(page, url="https://example.org/given").url == "https://example.org/given"
    assert html_to_article(page, url="data:text/html,x").url is None


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n",
        b"",
        "<html><body><nav><a href='/'>Home</a> <a href='/about'>About us</a></nav></body></html>",
        "<html><head><title>Empty</title></head><body></body></html>",
    ],
)
def test_pages_without_article_text_raise(html: str | bytes) -> None:
    with pytest.raises(UnreadableHtml):
        html_to_article(html)


def test_unreadable_html_is_a_value_error_and_wrong_types_are_refused() -> None:
    assert issubclass(UnreadableHtml, ValueError)
    with pytest.raises(TypeError):
        html_to_article(None)  # type: ignore[arg-type]

from app.sample import sample_annotations, sample_articles
from app.text.metadata import read_text_metadata

FICTION_NOTE = "[Fictional example article written for the claimbase sample corpus.]"
SPAN_FIELDS = ("source", "cue", "content", "anonymity_reason", "via")
OUTLET_KINDS = {"newspaper", "wire", "broadcaster", "blog", "government", "other"}


def test_articles_are_marked_fictional_and_well_formed() -> None:
    articles = sample_articles()
    assert 5 <= len(articles) <= 6
    assert len({a["doc_id"] for a in articles}) == len(articles)
    for article in articles:
        assert set(article) == {"doc_id", "text", "title", "outlet", "outlet_kind", "url", "published_at", "authors"}
        assert article["text"].splitlines()[0] == FICTION_NOTE
        assert 250 <= len(article["text"].split()) <= 500
        assert article["outlet_kind"] in OUTLET_KINDS
        assert article["url"].startswith("https://example.org/")
        assert article["title"] in article["text"]
        assert article["authors"] and all(isinstance(a, str) for a in article["authors"])


def test_every_annotation_offset_is_exact() -> None:
    texts = {a["doc_id"]: a["text"] for a in sample_articles()}
    annotations = sample_annotations()
    assert set(annotations) == set(texts)
    total = 0
    for doc_id, doc in annotations.items():
        text = texts[doc_id]
        assert doc["doc_id"] == doc_id
        for att in doc["attributions"]:
            total += 1
            assert att["content"] is not None
            for name in SPAN_FIELDS:
                span = att[name]
                if span is not None:
                    assert text[span["start"] : span["end"]] == span["text"], (doc_id, name, span)
            assert att["quote_type"] in {"direct", "indirect", "mixed"}
            assert att["stance"] in {"asserts", "denies", "hedged"}
            assert att["source_kind"] in {"person", "organization", "outlet", "document", "anonymous"}
            assert att["anonymous"] == (att["source_kind"] == "anonymous")
            content = att["content"]["text"]
            if att["quote_type"] == "direct":
                assert not any(mark in content[:1] + content[-1:] for mark in '"“”')
    assert total >= 50


def test_annotations_show_the_phenomena_the_sample_exists_for() -> None:
    atts = [a for doc in sample_annotations().values() for a in doc["attributions"]]
    assert any(a["via"] for a in atts)
    assert any(a["anonymity_reason"] for a in atts)
    assert {a["stance"] for a in atts} == {"asserts", "denies", "hedged"}
    assert {"person", "organization", "outlet", "document", "anonymous"} <= {a["source_kind"] for a in atts}
    # One spokesperson appears under name variants across outlets and years.
    variants = {a["source"]["text"] for a in atts if "Achterberg" in (a["entity"] or "")}
    assert {"Rosalind K. Achterberg", "Rosalind Achterberg", "Ms. Achterberg"} <= variants


def test_same_quote_in_two_outlets() -> None:
    by_doc = {a["doc_id"]: a for a in sample_articles()}
    direct: dict[str, set[str]] = {}
    for doc_id, doc in sample_annotations().items():
        for att in doc["attributions"]:
            if att["quote_type"] == "direct":
                direct.setdefault(att["content"]["text"], set()).add(by_doc[doc_id]["outlet"])
    assert any(len(outlets) >= 2 for outlets in direct.values())


def test_metadata_reader_finds_title_of_every_sample() -> None:
    for article in sample_articles():
        meta = read_text_metadata(article["text"])
        assert meta.title == article["title"]
        for span in (meta.title_span, meta.byline_span, meta.dateline_span, meta.published_span):
            if span is not None:
                assert article["text"][span.start : span.end] == span.text

import hashlib

import pytest

from app.text.hashing import content_hash


def test_hash_is_sha256_of_the_exact_text() -> None:
    text = "The mayor said the bridge would reopen.\n"
    assert content_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert len(content_hash(text)) == 64


def test_same_text_same_hash_any_difference_changes_it() -> None:
    text = "A line.\nAnother line.\n"
    assert content_hash(text) == content_hash("A line.\n" + "Another line.\n")
    assert content_hash(text) != content_hash(text.replace("\n", "\r\n"))
    assert content_hash(text) != content_hash(text + " ")
    assert content_hash("café") != content_hash("cafe\u0301")  # no Unicode normalisation either


def test_non_text_is_refused() -> None:
    with pytest.raises(TypeError):
        content_hash(b"bytes")  # type: ignore[arg-type]

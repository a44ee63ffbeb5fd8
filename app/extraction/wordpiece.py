"""The encoder's subword encoding of our word tokens: an exact BERT WordPiece (uncased) over one word.

Extraction has one word tokenizer (segment.tokens); the encoder sees each of those words as its
WordPiece ids, the way BERT's own tokenizer would encode that word alone: control characters dropped,
lowercased, accents stripped, split at punctuation and around CJK ideographs, then greedy longest-match
subwords ("##" continues a word). A word BERT would drop entirely becomes [UNK], so that every word has
at least one subword (the tagger's label sits on a word's first subword).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

MAX_CHARS = 100  # BERT's max_input_chars_per_word: a longer piece is [UNK]


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _is_control(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def basic_pieces(word: str) -> list[str]:
    """BERT's basic tokenization of one word (uncased): the strings WordPiece then splits."""
    out: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        if cur:
            out.append("".join(cur))
            cur.clear()

    norm = unicodedata.normalize("NFD", word.lower())
    for ch in norm:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch) or unicodedata.category(ch) == "Mn":
            continue
        if ch.isspace():
            flush()
        elif _is_cjk(cp) or _is_punct(ch):
            flush()
            out.append(ch)
        else:
            cur.append(ch)
    flush()
    return out


class WordPiece:
    """Word -> subword ids with the encoder's vocabulary (one token per line, id = line number)."""

    def __init__(self, vocab_path: Path) -> None:
        words = vocab_path.read_text(encoding="utf-8").split("\n")
        self.vocab = {w: i for i, w in enumerate(words) if w}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self.pad = self.vocab["[PAD]"]
        self.encode = lru_cache(maxsize=1 << 16)(self._encode)

    def _piece(self, piece: str) -> list[int]:
        if len(piece) > MAX_CHARS:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(piece):
            end = len(piece)
            found = None
            while start < end:
                sub = piece[start:end] if start == 0 else "##" + piece[start:end]
                found = self.vocab.get(sub)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def _encode(self, word: str) -> tuple[int, ...]:
        ids = [i for p in basic_pieces(word) for i in self._piece(p)]
        return tuple(ids) or (self.unk,)

"""A cheap language guess: writing system first, then the share of common function words.

The corpus is English news; this exists to flag texts that clearly are not English, so the guess
stays "en" unless another language wins clearly.
"""

from __future__ import annotations

import re


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to in is that for it with as was on be by at this are from has have "
        "said not but which were had been an they their will would who"
    ),
    "fr": _words(
        "le la les des du de et est une un dans pour que qui sur au aux par pas ce cette sont avec il elle ont été"
    ),
    "de": _words("der die das und ist nicht ein eine den dem des mit auf für von zu im sich auch wird wurde sind hat"),
    "es": _words("el la los las de del y que en un una por con para es se su al lo como más fue han sus"),
    "it": _words("il lo la gli le di del della e che un una per con non sono è nel alla dei delle anche ha"),
    "nl": _words("de het een en van in is dat op te met voor niet zijn aan door ook er werd bij heeft"),
    "pt": _words("o a os as de do da dos das e que em um uma para com não por se no na foi são"),
}

# Scripts whose presence decides the language on its own (checked in this order: Japanese text
# also holds Han characters).
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
)
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def guess_language(text: str, sample_chars: int = 20000) -> str:
    """ISO 639-1 code of the text's language: "en" unless the text is clearly something else."""
    sample = text[:sample_chars]
    letters = _LETTER.findall(sample)
    if not letters:
        return "en"
    latin = sum(1 for ch in letters if _LATIN.match(ch))
    if latin < 0.5 * len(letters):
        non_latin = "".join(ch for ch in letters if not _LATIN.match(ch))
        for code, pattern in _SCRIPTS:
            if len(pattern.findall(non_latin)) >= 0.2 * len(non_latin):
                if code == "ru" and len(_UKRAINIAN_ONLY.findall(non_latin)) >= 0.02 * len(non_latin):
                    return "uk"
                return code
        return "und"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 8:
        return "en"
    counts = {code: sum(1 for w in words if w in stops) for code, stops in _STOPWORDS.items()}
    best = max(counts, key=lambda code: counts[code])
    if best != "en" and counts[best] >= 0.15 * len(words) and counts[best] > 2 * counts["en"]:
        return best
    return "en"

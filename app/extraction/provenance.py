"""Which code the scorers were trained on: a digest of every module that makes, describes or labels a
candidate attribution (pipeline.py and what it imports within the project, and polnear_format.py,
whose conventions label the training candidates), and of the data files those rules read (RULE_DATA).

The scorer learns from the candidates the rules and the tagger offer and from their features, so a rule
change after training leaves it reading candidates it never saw. training/train_extractor.py writes this
digest into models/model_card.json and a test compares it with the code. Comments, docstrings and
formatting do not count: each module is parsed and written back canonically (ast.unparse).
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
ROOTS = ("app.extraction.pipeline", "app.extraction.polnear_format")
# Data the rules read that no training run writes (a rebuilt one changes what the rules offer).
RULE_DATA = (Path(__file__).parent / "models" / "noun_kinds.json.gz",)


def _module_file(name: str) -> Path | None:
    base = PROJECT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(tree: ast.AST) -> set[str]:
    """Project modules a module imports, also by name in a string (importlib.import_module("app..."))."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("app."):
            out.add(node.value)
    return {m for m in out if m.split(".")[0] == "app"}


def _canonical(tree: ast.Module) -> str:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(tree)


def modules() -> dict[str, str]:
    """Module name -> its canonical source, for every module reached from ROOTS."""
    todo, seen = list(ROOTS), {}
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if name in seen or path is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        todo.extend(_imported(tree))
        seen[name] = _canonical(tree)
    return seen


def rules_digest() -> str:
    h = hashlib.sha256()
    for name, source in sorted(modules().items()):
        h.update(name.encode() + b"\0" + source.encode() + b"\0")
    for path in RULE_DATA:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()

"""Helpers the browser tests share: selecting article text as a reader would, reading segments."""

from __future__ import annotations

from typing import Any

# Select the first occurrence of `needle` inside the article text by building a DOM Range over the
# text nodes, the way a drag with the mouse would; the page then turns it into stored offsets.
SELECT_JS = """
([needle, within]) => {
  const root = document.getElementById('article-text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let all = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
  const outer = within ? all.indexOf(within) : 0;
  const at = outer < 0 ? -1 : all.indexOf(needle, outer);
  if (at < 0) return false;
  const locate = (pos) => {
    for (const [node, start] of nodes) if (pos <= start + node.data.length) return [node, pos - start];
    return null;
  };
  const range = document.createRange();
  range.setStart(...locate(at));
  range.setEnd(...locate(at + needle.length));
  const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
  document.dispatchEvent(new Event('selectionchange'));
  return true;
}
"""


def select_text(page: Any, needle: str, within: str | None = None) -> None:
    """Select `needle` (its first occurrence, or the first one inside `within`) in the article text."""
    assert page.evaluate(SELECT_JS, [needle, within]), f"{needle!r} is not in the article text"
    page.wait_for_function(
        "(n) => document.getElementById('selection').textContent.includes(n.trim().slice(0, 20))", arg=needle
    )

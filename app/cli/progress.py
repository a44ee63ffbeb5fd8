"""The progress display of long commands: a rich bar on stderr, with problems printed above it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def stderr_console() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


@contextmanager
def progress_bar() -> Iterator[Progress]:
    console = stderr_console()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        # Logs and CI get the problem lines and the summary, not bar redraws.
        disable=not console.is_terminal,
    )
    with progress:
        yield progress


def say(progress: Progress, message: str) -> None:
    """A line on stderr that does not tear the bar; the text is printed as is (no markup)."""
    progress.console.print(message, markup=False, highlight=False, soft_wrap=True)

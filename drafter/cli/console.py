"""Terminal output: tables and progress bars through rich.

Colour and live progress only on a terminal; NO_COLOR turns all styling off, and
piped output is plain tab-separated text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_FEWEST_STEPS = 3  # shorter work is over before a bar would be worth drawing


def _console(stderr: bool = False) -> Any:
    """A rich console; NO_COLOR turns off every style, not only colours."""
    from rich.console import Console

    return Console(stderr=stderr, color_system=None if os.environ.get("NO_COLOR") else "auto")


@contextmanager
def progress(total: int, label: str, quiet: bool = False) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long work (shown only on a terminal, for 3+ steps, and not
    ``quiet``); yields the function to call after each step."""
    console = _console(stderr=True)
    if quiet or total < _FEWEST_STEPS or not console.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def table(headers: list[str], rows: list[list[str]], title: str = "") -> None:
    """Print a table on stdout; plain aligned text when stdout is not a terminal."""
    from rich.table import Table

    console = _console()
    if not console.is_terminal:
        if title:
            print(title)
        print("\t".join(headers))
        for row in rows:
            print("\t".join(row))
        return
    view = Table(title=title or None, title_justify="left")
    for header in headers:
        view.add_column(header, overflow="fold")
    for row in rows:
        view.add_row(*row)
    console.print(view)

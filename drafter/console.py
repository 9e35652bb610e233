"""Terminal output: tables and progress bars through rich.

rich respects NO_COLOR and drops colour and live progress when output is not a
terminal, so piped output stays plain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long work (shown only on a terminal, for 3+ steps)."""
    from rich.console import Console

    console = Console(stderr=True)
    if total < 3 or not console.is_terminal:
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
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        if title:
            print(title)
        print("\t".join(headers))
        for row in rows:
            print("\t".join(row))
        return
    view = Table(title=title or None, title_justify="left")
    for header in headers:
        view.add_column(header)
    for row in rows:
        view.add_row(*row)
    console.print(view)

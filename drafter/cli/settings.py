"""What one run of ``drafter`` was told outside its command's own arguments.

The root options (``--config``, ``--quiet``), the bureau profile they lead to, and the
shell state only the command line reads: ``$DRAFTER_CORPUS`` and the working folder.
The settings travel on typer's context (``ctx.obj``); library functions get explicit
values and never see any of this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import UsageError

if TYPE_CHECKING:  # the profile's YAML reader is imported when a profile is read, not at start-up
    from .profile import Profile

CORPUS_VARIABLE = "DRAFTER_CORPUS"
LOCAL_CORPUS = "corpus"  # ./corpus: a bureau's corpus beside its drafts


@dataclass
class Settings:
    """The root options of one run and the profile they select (read once, when first asked)."""

    config: Path | None = None
    quiet: bool = False
    help: bool = False  # help was asked for: a broken profile must not hide it
    _profile: Profile | None = field(default=None, repr=False)

    def profile(self) -> Profile:
        """The bureau profile: ``--config``, else the nearest drafter.yaml, else empty."""
        if self._profile is None:
            from .profile import Profile, find_profile, load_profile

            path = self.config
            if path is not None and not path.is_file():
                raise UsageError("配置文件不存在", path)
            path = path or find_profile()
            self._profile = load_profile(path) if path else Profile()
        return self._profile

    def corpus(self, flag: Path | None, for_writing: bool = False) -> Path | None:
        """The corpus folder for this run (see ``resolve_corpus``)."""
        return resolve_corpus(flag, self.profile(), for_writing)

    def info(self, message: str) -> None:
        """A remark on stderr (not with --quiet)."""
        if not self.quiet:
            typer.echo(message, err=True)

    def done(self, message: str) -> None:
        """What a command wrote, on stdout (not with --quiet)."""
        if not self.quiet:
            typer.echo(message)


def settings(ctx: typer.Context) -> Settings:
    """The settings of the running command (made empty when the root callback did not run)."""
    return ctx.ensure_object(Settings)


def resolve_corpus(flag: Path | None, profile: Profile | None, for_writing: bool = False) -> Path | None:
    """The corpus named by ``--corpus``, else by $DRAFTER_CORPUS, else by the profile, else ./corpus
    when it exists (or is to be written); None means the bundled corpus.

    Ingest never writes into the installed package: with nothing named, it writes ./corpus.
    """
    variable = os.environ.get(CORPUS_VARIABLE)
    named = flag or (Path(variable) if variable else None) or (profile.corpus if profile else None)
    if named is not None:
        return named
    local = Path.cwd() / LOCAL_CORPUS
    return local if for_writing or local.is_dir() else None

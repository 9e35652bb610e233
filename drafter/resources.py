"""Where the bundled templates and corpus live.

A wheel carries ``templates/`` and ``corpus/`` inside the package (``drafter/_bundled``);
a source checkout or an editable install finds them at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DrafterError

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled folder ``name`` ("templates" or "corpus")."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise DrafterError(f"找不到内置的 {name} 目录,安装可能不完整")

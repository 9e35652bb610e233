"""Where the bundled templates and corpus live.

A wheel carries ``templates/`` and ``corpus/`` inside the package (``drafter/_bundled``);
a source checkout or an editable install finds them at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import DrafterError

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled folder ``name`` ("templates" or "corpus")."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise DrafterError(f"找不到内置的 {name} 目录,安装可能不完整")


def template(name: str) -> Any:
    """A jinja2 template from the bundled templates (undefined names are errors, not blanks);
    its ``q`` filter writes a value as a quoted YAML string."""
    import json

    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(bundled("templates"))), undefined=jinja2.StrictUndefined
    )
    environment.filters["q"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return environment.get_template(name)

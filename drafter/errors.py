"""Errors a user can cause, each with a one-line Chinese message.

The CLI prints ``str(error)`` on stderr and exits with code 2; nothing else in
drafter prints. Library code raises these instead of letting a traceback out.
"""

from __future__ import annotations

import errno
from pathlib import Path


class DrafterError(Exception):
    """Base class: bad input or a bad setting, reported without a traceback."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}"
            if self.line:
                where += f" 第{self.line}行"
            where += ":"
        return f"{where}{self.message}"


class InputError(DrafterError):
    """A file that cannot be read or understood."""


class UsageError(DrafterError):
    """Arguments that do not fit together, or an output that would overwrite a file."""


class SkippedEntryWarning(UserWarning):
    """A corpus entry was left out because it cannot be read (the message says which and why).

    The CLI prints each one on stderr; the command goes on with the rest of the corpus."""


class DraftWarning(UserWarning):
    """A plan file was read with a change its author should confirm (a clause moved to a sentence's
    end, a clause's wording preferred to its lists); the message names the file and the field.

    The CLI prints each one on stderr; the command goes on."""


# The reason a file operation failed, in the words a clerk reads; others fall back to the
# system's own text (os.strerror is English in most locales, hence this table).
_OS_REASONS = {
    errno.EACCES: "权限不足",
    errno.EPERM: "权限不足",
    errno.EROFS: "权限不足:只读的文件系统",
    errno.EISDIR: "是一个文件夹",
    errno.ENOTDIR: "上级不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘空间不足(超出配额)",
    errno.ELOOP: "符号链接循环",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "已存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "正被占用",
    errno.ETXTBSY: "正被占用",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多",
    errno.EIO: "读写出错(输入/输出错误)",
    errno.EXDEV: "不能跨磁盘移动",
    errno.EINVAL: "文件名无效",
}


def os_reason(exc: OSError) -> str:
    """The Chinese reason for a failed file operation."""
    reason = _OS_REASONS.get(exc.errno or -1)
    if reason is not None:
        return reason
    return f"系统错误:{exc.strerror or exc}" if exc.errno else f"系统错误:{exc}"


def os_error(path: str | Path | None, exc: OSError, doing: str = "") -> InputError:
    """One-line error for an ``OSError`` on ``path``: ``无法写入(权限不足)`` or the reason alone.

    ``path`` is the file the user named (not a temporary file); None falls back to the
    error's own file name."""
    where = path if path is not None else exc.filename
    reason = os_reason(exc)
    return InputError(f"无法{doing}({reason})" if doing else reason, where)

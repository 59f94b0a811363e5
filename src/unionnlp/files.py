"""Writing files without ever destroying what is there.

Every file the toolkit writes (``-o`` outputs, ``train --out`` models, cache
files) goes through :class:`OutputFile`:

- a regular file is written under a temporary name in the same folder,
  flushed to disk (``fsync``) and renamed over the target only when the work
  succeeded, so an error, Ctrl-C, SIGTERM or a full disk leaves the old file
  as it was and no temporary file behind;
- a symbolic link is followed: the file it points to is replaced, the link stays;
- a character device (``/dev/null``) or a named pipe is written *to*, never
  replaced by a regular file;
- a new file gets the usual mode (0666 less the umask) and an overwritten one
  keeps its mode.

Problems with the path itself (a folder, a file where a folder should be,
an existing file without ``force``) raise :class:`~unionnlp.errors.UsageError`;
problems writing (permissions, read-only or full file system) raise
:class:`~unionnlp.errors.OutputError`.  Both name the path as the caller gave it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from unionnlp.errors import OutputError, UsageError


def current_umask() -> int:
    """The process's umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _cannot_write(path, exc: OSError) -> OutputError:
    error = OutputError(f"{path}: cannot write ({exc.strerror or exc})")
    error.reason = exc.strerror or str(exc)
    return error


def check_output_path(path: str | Path, force: bool = False, option: str = "--output") -> None:
    """Refuse, before any work is done, an output path that cannot be written.

    ``UsageError`` for an existing path without ``force``, a folder, a file
    standing where a folder of the path should be, or a node that is neither a
    regular file, a pipe nor a character device (a block device, a socket).
    """
    path = Path(path)
    try:
        exists = os.path.lexists(path)
        if exists and not force:
            raise UsageError(f"{path}: already exists; pass --force to overwrite it")
        target = Path(os.path.realpath(path))
        if target.exists():
            mode = target.stat().st_mode
            if stat.S_ISDIR(mode):
                raise UsageError(f"{path}: is a directory; give {option} a file name")
            if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
                raise UsageError(f"{path}: is not a regular file, a pipe or a character device")
            return
        ancestor = target.parent
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            shown = _as_given(path, ancestor, target)
            raise UsageError(f"{path}: cannot be created: {shown} is a file, not a folder")
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _as_given(path: Path, ancestor: Path, target: Path) -> str:
    """``ancestor`` of the resolved ``target`` spelled as in the ``path`` the user gave."""
    up = len(target.relative_to(ancestor).parts)
    given = path
    for _ in range(up):
        given = given.parent
    return str(given) if str(given) not in ("", ".") else str(ancestor)


class OutputFile:
    """One file being written; see the module docstring for the guarantees.

    Use as a context manager: leaving the block by an exception (or without
    :meth:`commit`) discards what was written and leaves the target untouched::

        with OutputFile(path, force=True) as out:
            out.write(data)
            out.commit()
    """

    def __init__(self, path: str | Path, *, force: bool = False, option: str = "--output"):
        self.path = Path(path)
        check_output_path(self.path, force, option)
        self._target = Path(os.path.realpath(self.path))
        self._tmp: str | None = None
        self._done = False
        try:
            st = self._target.stat() if self._target.exists() else None
            if st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
                # A pipe or a device (/dev/null, /dev/stdout): write into it, never replace it.
                self._file = open(self._target, "wb")  # noqa: SIM115 - closed by commit/abort
                self._mode = None
                self._owner = None
                return
            self._mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~current_umask()
            self._owner = (st.st_uid, st.st_gid) if st is not None else None
            self._target.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self._target.name}.", suffix=".tmp", dir=self._target.parent)
            self._file = os.fdopen(fd, "wb")
        except OSError as exc:
            self._discard_tmp()
            raise _cannot_write(self.path, exc) from None

    @property
    def replaces(self) -> bool:
        """True if the target is replaced by rename (a regular file), False if written into."""
        return self._tmp is not None

    def write(self, data: bytes | str) -> None:
        """Append ``data`` (text is written as UTF-8)."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        try:
            self._file.write(data)
        except OSError as exc:
            self.abort()
            raise _cannot_write(self.path, exc) from None

    def commit(self) -> Path:
        """Make what was written the file's content; returns the path."""
        if self._done:
            return self.path
        try:
            self._file.flush()
            if self._tmp is None:
                self._file.close()
            else:
                os.fsync(self._file.fileno())
                self._file.close()
                os.chmod(self._tmp, self._mode)
                if self._owner is not None and hasattr(os, "chown"):
                    try:
                        os.chown(self._tmp, *self._owner)
                    except OSError:
                        pass  # not ours to give away: the new file stays the writer's
                os.replace(self._tmp, self._target)
                self._tmp = None
                _fsync_dir(self._target.parent)
        except OSError as exc:
            self.abort()
            raise _cannot_write(self.path, exc) from None
        self._done = True
        return self.path

    def abort(self) -> None:
        """Discard what was written; the target stays as it was."""
        if self._done:
            return
        self._done = True
        try:
            self._file.close()
        except OSError:
            pass
        self._discard_tmp()

    def _discard_tmp(self) -> None:
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, *exc_info) -> None:
        self.abort()  # a no-op after commit


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | Path, data: bytes | str, *, option: str = "--output") -> Path:
    """Replace (or create) the file ``path`` with ``data``, atomically; see :class:`OutputFile`."""
    with OutputFile(path, force=True, option=option) as out:
        out.write(data)
        return out.commit()

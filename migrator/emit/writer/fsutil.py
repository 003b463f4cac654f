"""Small file-system helpers shared by the writer's parts."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path


def write_durable(path: Path | str, data: bytes, mode: int, *, sync: bool = True) -> None:
    """Create `path` (which must not exist) with `data`, `mode` and fsync it (`sync=False`:
    the caller makes it durable, e.g. with `sync_filesystem` for many files at once)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked (a signal, a full pipe)
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        unlink_quietly(path)
        raise


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_SYNCFS: list = []  # [libc.syncfs or None], resolved once


def sync_filesystem(path: Path) -> bool:
    """Flush the whole file system holding `path` (Linux syncfs(2)): one journal commit for
    every file and directory written there, where an fsync per file waits for one commit
    each. False where syncfs is not available or fails; the caller then fsyncs file by
    file."""
    if not _SYNCFS:
        try:
            import ctypes  # noqa: PLC0415 - only writers need it

            _SYNCFS.append(getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None))
        except (OSError, AttributeError, ImportError):
            _SYNCFS.append(None)
    syncfs = _SYNCFS[0]
    if syncfs is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        return syncfs(fd) == 0
    finally:
        os.close(fd)


def replace_durable(path: Path, data: bytes, mode: int, temp: Path) -> None:
    """Atomically make `path` hold `data`: write `temp` (same file system), then rename."""
    unlink_quietly(temp)
    write_durable(temp, data, mode)
    os.replace(temp, path)


def link_or_copy(source: Path, dest: Path) -> None:
    """Preserve `source` at `dest`; both fail rather than overwrite an existing `dest`."""
    try:
        os.link(source, dest)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # filesystems without hard links: fall back to a copy
    with open(source, "rb") as src, open(dest, "xb") as dst:
        shutil.copyfileobj(src, dst)
        os.fchmod(dst.fileno(), stat.S_IMODE(os.fstat(src.fileno()).st_mode))
        os.fsync(dst.fileno())


def mkdir_mode(path: Path, mode: int) -> None:
    os.mkdir(path)
    os.chmod(path, mode)  # mkdir's mode argument is filtered by the umask


def unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def is_real_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_if_file(path: Path) -> bytes | None:
    """The bytes of a regular file at `path` (never through a symlink), else None."""
    return path.read_bytes() if is_real_file(path) else None


def fsync_dir(path: Path) -> None:
    """Make renames in `path` durable; some filesystems cannot fsync a directory."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

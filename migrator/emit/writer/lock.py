"""One writer at a time per output directory, and signals that roll back instead of killing.

The lock is `flock` on `.startos-migrate/.txn-lock/owner`. The kernel drops it when its
process dies, however it dies, so a lock left by a killed run (a stale `owner` naming a
dead pid) is simply taken again; `owner` only says who holds it, for the error message.
The directory is named like the writer's private `.txn-*` directories so that releases
without locking never report it as a user file.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import stat
import threading
import time
from pathlib import Path
from types import FrameType

from migrator.emit.writer.fsutil import is_real_dir, unlink_quietly
from migrator.emit.writer.model import (
    COLLISION, DIR_MODE, LOCK_DIR, LOCKED, STATE_DIR, SYMLINK, WRITE_FAILED, OutputError,
)

OWNER = "owner"
_ATTEMPTS = 20


class OutputLock:
    def __init__(self, out: Path, state_dir: str = STATE_DIR) -> None:
        """`state_dir`: the directory of OUT holding the lock; `batch` locks its whole
        OUT with its own (`.startos-migrate-batch`), a project is locked with STATE_DIR."""
        self.out = out
        self.state = out / state_dir
        self.dir = self.state / LOCK_DIR.split("/", 1)[1]
        self.owner = self.dir / OWNER
        self._fd: int | None = None

    def __enter__(self) -> "OutputLock":
        try:
            self._state_dir()
            for _ in range(_ATTEMPTS):
                if self._try_acquire():
                    return self
            raise OutputError(LOCKED, f"{self.out} is locked by another startos-migrate run "
                                      "that keeps replacing its lock", str(self.owner))
        except OSError as exc:
            self._cleanup()
            raise OutputError(WRITE_FAILED, f"cannot lock {self.out}, nothing was changed: "
                                            f"{exc}", str(self.out)) from exc
        except BaseException:
            self._cleanup()
            raise

    def __exit__(self, *exc: object) -> None:
        # Unlink while still holding the lock: a run that opened the old file before the
        # unlink notices (inode check) and starts over on a fresh one.
        unlink_quietly(self.owner)
        self._cleanup()

    def _state_dir(self) -> None:
        state = self.state
        try:
            mode = os.lstat(state).st_mode
        except FileNotFoundError:
            os.mkdir(state)
            os.chmod(state, DIR_MODE)
            return
        if stat.S_ISLNK(mode):
            raise OutputError(SYMLINK, f"{state} is a symbolic link; it will not be followed",
                              str(state))
        if not stat.S_ISDIR(mode):
            raise OutputError(COLLISION, f"{state} is a file startos-migrate did not generate; "
                                         "it will not be replaced", str(state))

    def _try_acquire(self) -> bool:
        try:
            os.mkdir(self.dir)
            os.chmod(self.dir, DIR_MODE)
        except FileExistsError:
            if not is_real_dir(self.dir):
                raise OutputError(SYMLINK, f"{self.dir} is not a directory; it will not be "
                                           "followed", str(self.dir)) from None
        try:
            fd = os.open(self.owner, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:
            return False  # the holder removed the directory as it released: try again
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace")
            os.close(fd)
            raise OutputError(LOCKED, f"{self.out} is being written by another startos-migrate "
                                      f"run ({_describe(holder)}); nothing was changed. Run "
                                      "again when it has finished", str(self.owner)) from None
        try:
            same = os.fstat(fd).st_ino == os.lstat(self.owner).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            return False
        self._fd = fd
        info = (f"pid {os.getpid()}\nhost {socket.gethostname()}\n"
                f"since {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n")
        os.ftruncate(fd, 0)
        os.pwrite(fd, info.encode("utf-8"), 0)
        return True

    def _cleanup(self) -> None:
        for directory in (self.dir, self.state):
            try:
                os.rmdir(directory)  # only when empty: the state dir of a refused first run
            except OSError:
                pass
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _describe(holder: str) -> str:
    fields = dict(line.split(" ", 1) for line in holder.splitlines() if " " in line)
    if not fields.get("pid"):
        return "its owner file is being written"
    return f"pid {fields['pid']} on {fields.get('host', '?')} since {fields.get('since', '?')}"


# --- signals -------------------------------------------------------------------------------

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                if hasattr(signal, name))


class Interrupted(BaseException):
    """Raised at the next safe point after a deferred signal; never escapes the writer."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class DeferredSignals:
    """While writing, SIGINT/SIGTERM/SIGHUP only set a flag; `check()` (called between two
    file operations) turns it into `Interrupted`, so the rollback starts from a state the
    journal describes. A signal that arrives after the commit is delivered again on exit,
    to the handler that was there before."""

    def __init__(self) -> None:
        self.received: int | None = None
        self.handled = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> "DeferredSignals":
        if threading.current_thread() is threading.main_thread():
            for signum in SIGNALS:
                self._previous[signum] = signal.signal(signum, self._note)
        return self

    def _note(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum

    def check(self) -> None:
        if self.received is not None and not self.handled:
            self.handled = True
            raise Interrupted(self.received)

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        if self.received is not None and not self.handled:
            os.kill(os.getpid(), self.received)

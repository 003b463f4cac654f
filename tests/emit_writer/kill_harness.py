"""The process the kill test interrupts: one `--force` update of a synthetic project.

    python -m tests.emit_writer.kill_harness OUT WRITER [KILL_AT SIGNAL]

WRITER is `current` (migrator.emit.writer) or `release` (the frozen writer from before the
journal, to show what the test catches). With KILL_AT, the process sends itself SIGNAL
just before its KILL_AT-th file-system call (rename, replace, link, unlink, mkdir, rmdir,
chmod): an injected, exactly repeatable moment. Without it, the parent kills it after a
random delay. Prints `ready` before writing and `calls N` after an uninterrupted run;
exits 128+signal when the writer reports an interrupted (rolled back) update.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from migrator.emit.writer import GeneratedFile

GF = GeneratedFile
HOOKED = ("rename", "replace", "link", "unlink", "mkdir", "rmdir", "chmod")


def _content(i: int, version: int) -> bytes:
    return (f"// file {i} of the synthetic project, version {version}\n"
            f"export const value{i} = {i * version};\n" + "x" * (i % 97)).encode()


def versions(n: int = 1600) -> tuple[list[GeneratedFile], list[GeneratedFile]]:
    """(old, new): the new version changes a third of the files, removes a tenth (with a
    whole directory, to prune), adds files in new directories, flips executable bits, and
    turns a directory into a file."""
    old = [GF(f"src/mod{i // 50:02d}/file{i:04d}.ts", _content(i, 1), i % 13 == 0)
           for i in range(n)]
    old += [GF("zshape/inner/a.ts", b"a"), GF("zshape/inner/b.ts", b"b")]
    new = []
    for i, f in enumerate(old[:n]):
        if i % 10 == 1 or i // 50 == 7:
            continue  # stale (and src/mod07 pruned entirely)
        content = _content(i, 2) if i % 3 == 0 else f.content
        new.append(GF(f.path, content, (i % 13 == 0) != (i % 17 == 2)))
    new += [GF(f"gen/new{j // 20}/added{j}.ts", _content(j, 3)) for j in range(120)]
    new += [GF("zshape/inner", b"now a file")]
    return old, new


# Late in the update's (sorted) order, so that a kill mid-update has replaced many files
# before any .orig backup exists (the worst case for a writer that does not know journals).
USER_EDITED = ("src/mod30/file1502.ts", "src/mod30/file1503.ts", "src/mod31/file1599.ts",
               "src/mod30/file1511.ts")


def prepare_user_changes(out: Path) -> None:
    """A user's edits on the old project: files of their own, generated files they edited
    (kept as .orig by the update), a stale file they edited (kept as theirs)."""
    (out / "NOTES.md").write_text("my notes\n")
    (out / "src" / "mod03" / "mine.ts").write_text("// mine\n")
    for path in USER_EDITED:  # the last one is stale in the new version: it stays theirs
        (out / path).write_text(f"// edited {path}\n")


def _hook(limit: int, signum: int) -> list[int]:
    calls = [0]

    def wrap(real):
        def hooked(*args, **kwargs):
            calls[0] += 1
            if calls[0] == limit:
                os.kill(os.getpid(), signum)
            return real(*args, **kwargs)
        return hooked

    for name in HOOKED:
        setattr(os, name, wrap(getattr(os, name)))
    return calls


def no_fsync() -> None:
    """fsync orders writes against power loss; a killed process loses nothing the kernel
    already has, so the kill test skips it (10x faster) unless STARTOS_MIGRATE_KILL_FSYNC=1."""
    if os.environ.get("STARTOS_MIGRATE_KILL_FSYNC") != "1":
        os.fsync = lambda fd: None
        from migrator.emit.writer import apply

        apply.sync_filesystem = lambda path: True  # syncfs(2), the fresh build's one flush


def main(argv: list[str]) -> int:
    out, which = Path(argv[0]), argv[1]
    no_fsync()
    if which == "release":
        from tests.emit_writer.release_writer import OutputError, write_project
    else:
        from migrator.emit.writer import OutputError, write_project
    _, new = versions()
    if which == "release":
        new = [release_file(f) for f in new]
    calls = _hook(int(argv[2]), int(argv[3])) if len(argv) > 2 else _hook(0, 0)
    print("ready", flush=True)
    try:
        write_project(out, new, force=True)
    except OutputError as err:
        print(err, flush=True)
        return 128 + getattr(err, "signum", -126)
    except KeyboardInterrupt:  # SIGINT after the commit is delivered again on the way out
        print("interrupted after the commit", flush=True)
        return 130
    print(f"calls {calls[0]}", flush=True)
    return 0


def release_file(f: GeneratedFile):
    from tests.emit_writer import release_writer

    return release_writer.GeneratedFile(f.path, f.content, f.executable)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main(sys.argv[1:]))

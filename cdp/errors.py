"""The CLI's one error layer: every foreseeable failure becomes one line saying what is wrong
and what to do next.

`CdpError` is raised for a problem found before any work starts (a path that cannot be used);
`explain()` turns the exceptions the libraries raise (DuckDB's lock and file errors, the OS's
permission and missing-folder errors) into the same kind of sentence.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

# DuckDB: 'Could not set lock on file "<path>": Conflicting lock is held in <program> (PID <n>)'
_LOCK = re.compile(
    r'Could not set lock on file "(?P<path>[^"]+)": Conflicting lock is held in '
    r"(?P<program>.+?) \(PID (?P<pid>[0-9]+)\)"
)
_NOT_DUCKDB = re.compile(r'The file "(?P<path>[^"]+)" exists, but it is not a valid DuckDB')
_READ_FOLDER = re.compile(r'Could not read from file "(?P<path>[^"]+)": Is a directory')


class CdpError(Exception):
    """A problem the user can fix: the message says what is wrong and what to do."""


def database_in_use(path: str, program: str, pid: str) -> str:
    return (
        f"{path} is in use: {program} (PID {pid}) holds its lock; wait for that process to "
        f"finish or stop it (kill {pid}), then run the command again"
    )


def not_a_database(path: Path | str) -> str:
    return (
        f"{path} is not a DuckDB database file: point --database at a DuckDB file, or at a "
        "new path for `cdp generate` to create"
    )


def a_folder(path: Path | str, option: str = "--database") -> str:
    example = f" (e.g. {Path(path) / 'cdp.duckdb'})" if option == "--database" else ""
    return f"{path} is a folder: point {option} at a file in it{example}"


def explain(error: BaseException) -> str | None:
    """One line for a foreseeable failure (the exception or one it was raised from), else None."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        message = _explain_one(current)
        if message is not None:
            return message
        current = current.__cause__ or current.__context__
    return None


def _explain_one(error: BaseException) -> str | None:
    if isinstance(error, CdpError):
        return str(error)
    text = str(error)
    if lock := _LOCK.search(text):
        return database_in_use(lock["path"], lock["program"], lock["pid"])
    if found := _NOT_DUCKDB.search(text):
        return not_a_database(found["path"])
    if found := _READ_FOLDER.search(text):
        return a_folder(found["path"])
    if isinstance(error, IsADirectoryError):
        return a_folder(error.filename, "the path")
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"permission denied on {error.filename}: choose a path you can write to, or fix "
            "its permissions"
        )
    if isinstance(error, FileNotFoundError) and error.filename:
        return f"{error.filename} does not exist (or its folder does not): check the path"
    return None


def check_database(path: Path, writes: bool) -> None:
    """Raise CdpError unless `path` can be the DuckDB file of a command: not a folder; when it
    exists, a DuckDB file no other process holds; when the command `writes`, in a folder it may
    write to."""
    if path.is_dir():
        raise CdpError(a_folder(path))
    if writes:
        check_writable(path, "--database")
    if path.exists():
        import duckdb

        # Opening is DuckDB's own check that the file is a database and that no process
        # holds its lock; explain() words its errors.
        duckdb.connect(str(path), read_only=not writes).close()


def check_writable(path: Path, option: str, create_folder: bool = True) -> None:
    """Raise CdpError unless the file `path` (given with `option`) can be written: not a folder,
    writable if it exists, and its folder (or, with `create_folder`, the nearest existing
    folder above it) writable."""
    if path.is_dir():
        raise CdpError(a_folder(path, option))
    if path.exists():
        if not os.access(path, os.W_OK):
            raise CdpError(f"{option} {path} is read-only: choose another path or fix its rights")
        return
    folder = path.parent
    if not create_folder and not folder.is_dir():
        raise CdpError(
            f"{option} {path}: folder {folder} does not exist; create it or choose another path"
        )
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise CdpError(f"{option} {path}: {folder} is not a folder; choose another path")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CdpError(
            f"{option} {path}: folder {folder} is not writable; choose a folder you can write "
            "to, or fix its permissions"
        )

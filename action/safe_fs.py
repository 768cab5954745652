"""The one way to touch a file whose name comes from the repository: never outside its folder.

A pull request decides the names, the symbolic links and the special files of the tree we read
and of the site we write. Everything that reads a repository file by path (Markdown, images,
the configuration, the roster, the baseline) and everything that writes or deletes in the output
folder goes through here, so the guarantee lives in one place:

- a path is a clean relative posix path: no absolute path, no ``..``, no backslash, no NUL or
  control character;
- symbolic links are followed only while they stay inside the root (``resolve`` then a
  containment check), never into ``.git`` (``actions/checkout`` keeps the token in .git/config);
- the file is then opened component by component from a descriptor of the root with
  ``O_NOFOLLOW``, so a link swapped in after the check is refused rather than followed, and only
  a regular file is read (a FIFO would block for ever, ``/dev/zero`` never ends);
- writes go to a temporary name and are renamed over the target inside a descriptor of the
  output folder: a planted symlink is replaced, never written through; deletions unlink the
  entry itself, never what it points at.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path

MAX_READ = 64 * 1024 * 1024  # nothing in a minutes repository is this large; /dev/zero is endless
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # NONBLOCK: a FIFO does not hang open()
_CONTROL = frozenset(chr(c) for c in range(32)) | {"\x7f"}


class UnsafePath(OSError):
    """A path that leaves the root, crosses a symlink out of it, or is not a regular file.

    An OSError, so every caller that already turns "cannot read" into a message handles it;
    ``strerror`` is the reason, ``filename`` the repository path."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(0, reason, path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.filename}: {self.reason}"


def clean_relpath(rel: str) -> str | None:
    """``rel`` as a normalised relative posix path, or None when it could name something outside.

    Refused: absolute paths, any ``..`` component, backslashes (Windows separators, and browsers
    read ``/\\host`` as ``//host``), NUL and control characters, the empty path."""
    # isdisjoint walks the path's characters in C (a generator was a Python step per character)
    if not rel or not _CONTROL.isdisjoint(rel) or "\\" in rel or rel.startswith("/"):
        return None
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _inside(child: str, parent: str) -> bool:
    return child == parent or child.startswith(parent.rstrip("/") + "/")


def resolve_in_root(root: Path, rel: str) -> str:
    """The real repository-relative path of ``rel`` (links inside the root resolved).

    Raises UnsafePath when the path or a link on the way leads out of the root or into .git."""
    clean = clean_relpath(rel)
    if clean is None:
        raise UnsafePath(rel, "not a path inside the repository")
    real_root = _real_root(str(root))  # as open_in_root: the user's root, resolved once a run
    real = os.path.realpath(os.path.join(real_root, clean))
    if not _inside(real, real_root):
        raise UnsafePath(rel, "symbolic link to outside the repository")
    inner = os.path.relpath(real, real_root).replace(os.sep, "/")
    if inner == ".":
        return ""
    if any(part.lower() == ".git" for part in inner.split("/")):
        raise UnsafePath(rel, "inside .git (never read from the repository's git folder)")
    return inner


def _walk_dirs(top_fd: int, parts: list[str], create: bool = False) -> int:
    """A descriptor of ``parts`` below ``top_fd``, each step opened with O_NOFOLLOW."""
    fd = os.dup(top_fd)
    try:
        for part in parts:
            try:
                nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                with suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
                nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = nxt
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def _dir_fd(path: str | Path) -> Iterator[int]:
    fd = os.open(path, _DIR_FLAGS)
    try:
        yield fd
    finally:
        os.close(fd)


def open_in_root(root: Path, rel: str) -> int:
    """A read-only descriptor of the regular file ``rel`` of the repository (the caller closes it)."""
    clean = clean_relpath(rel)
    if clean is None:
        raise UnsafePath(rel, "not a path inside the repository")
    if any(part.lower() == ".git" for part in clean.split("/")):
        raise UnsafePath(rel, "inside .git (never read from the repository's git folder)")
    real_root = _real_root(str(root))
    try:  # the common case, no link on the way: one O_NOFOLLOW walk, no resolving at all
        fd = _open_parts(real_root, clean.split("/"))
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        # a link on the way: followed only when its target stays inside the root
        inner = resolve_in_root(root, clean)
        if not inner:
            raise UnsafePath(rel, "is the repository folder, not a file") from None
        try:
            fd = _open_parts(real_root, inner.split("/"))
        except OSError as again:
            if again.errno == errno.ELOOP:  # a link appeared after the check
                raise UnsafePath(rel, "symbolic link changed while reading") from None
            raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
        raise UnsafePath(rel, f"is {kind}, not a regular file")
    os.set_blocking(fd, True)
    return fd


@lru_cache(maxsize=64)
def _real_root(root: str) -> str:
    """The root's own real path: chosen by the user, not by the repository, so resolved once."""
    return os.path.realpath(root)


def _open_parts(real_root: str, parts: list[str]) -> int:
    with _dir_fd(real_root) as top:
        parent = _walk_dirs(top, parts[:-1])
        try:
            return os.open(parts[-1], _FILE_FLAGS, dir_fd=parent)
        finally:
            os.close(parent)


def read_in_root(root: Path, rel: str, max_bytes: int = MAX_READ) -> bytes:
    """The bytes of the regular file ``rel`` inside ``root``; UnsafePath / OSError otherwise."""
    fd = open_in_root(root, rel)
    with os.fdopen(fd, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise UnsafePath(rel, f"file too large ({size:,} bytes; the limit is {max_bytes:,})")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnsafePath(rel, f"file too large (more than {max_bytes:,} bytes)")
    return data


def why_not_readable(root: Path, rel: str) -> str | None:
    """None when ``rel`` is a regular file of the repository that may be read, else the reason."""
    try:
        os.close(open_in_root(root, rel))
    except UnsafePath as exc:
        return exc.reason
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def is_file_in_root(root: Path, rel: str) -> bool:
    return why_not_readable(root, rel) is None


def read_path(path: Path, max_bytes: int = MAX_READ) -> bytes:
    """A file named on the command line (``--config``, ``--baseline``): any place, but a regular
    file of bounded size; a FIFO or a device is refused instead of hanging or never ending."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise UnsafePath(str(path), "not a regular file")
        if st.st_size > max_bytes:
            raise UnsafePath(str(path), f"file too large ({st.st_size:,} bytes)")
        os.set_blocking(fh.fileno(), True)
        return fh.read(max_bytes + 1)[:max_bytes]


# --- the output folder -------------------------------------------------------------------------


def out_problem(out: Path, root: Path | None = None) -> str | None:
    """Why ``out`` must not receive a site, or None. A committed ``_site`` symlink, a folder under a
    link, the repository itself or a folder holding links (we never make any) are refused."""
    absolute = Path(os.path.abspath(out))
    if absolute.is_symlink():
        return f"{out} is a symbolic link (to {os.readlink(absolute)}); refusing to write through it"
    if absolute.exists() and not absolute.is_dir():
        return f"{out} exists and is not a folder"
    if root is not None:
        real_root = os.path.realpath(root)
        if _inside(real_root, os.path.realpath(absolute)):
            return f"{out} is the repository or holds it; choose a folder of its own"
        # inside the repository, no folder between the root and the output may be a link
        if _inside(str(absolute), os.path.abspath(root)):
            step = Path(os.path.abspath(root))
            for part in absolute.relative_to(step).parts:
                step = step / part
                if step.is_symlink():
                    return f"{out}: {step} is a symbolic link; refusing to write through it"
    if absolute.is_dir():
        links = [os.path.join(d, n) for d, dirs, files in os.walk(absolute) for n in (*dirs, *files)
                 if os.path.islink(os.path.join(d, n))]
        if links:
            shown = ", ".join(sorted(os.path.relpath(p, absolute) for p in links)[:5])
            return (f"{out} contains symbolic links ({shown}); a generated site has none, "
                    "so they were planted: remove them")
    return None


def _split_out(rel: str) -> list[str]:
    clean = clean_relpath(rel)
    if clean is None:
        raise UnsafePath(rel, "not a path inside the output folder")
    return clean.split("/")


def write_in(out: Path, rel: str, data: bytes) -> bool:
    """Write ``data`` to ``out/rel`` unless it already holds them; True when written.

    Folders are walked with O_NOFOLLOW (a link among them is an error, not a detour) and the file
    is renamed into place, which replaces a link instead of writing where it points."""
    parts = _split_out(rel)
    with _dir_fd(out) as top:
        parent = _walk_dirs(top, parts[:-1], create=True)
        try:
            name = parts[-1]
            if _same(parent, name, data):
                return False
            tmp = f".{name[:200]}.tmp{os.getpid()}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644,
                         dir_fd=parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, name, src_dir_fd=parent, dst_dir_fd=parent)
            except BaseException:
                os.unlink(tmp, dir_fd=parent)
                raise
            return True
        finally:
            os.close(parent)


def _same(parent: int, name: str, data: bytes) -> bool:
    try:
        fd = os.open(name, _FILE_FLAGS, dir_fd=parent)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        return stat.S_ISREG(st.st_mode) and st.st_size == len(data) and fh.read(len(data) + 1) == data


def copy_into(root: Path, rel: str, out: Path, dest: str | None = None) -> bool:
    """Copy the repository file ``rel`` to ``out/dest`` (default the same path); True when copied.
    The source is opened like any repository read (no link out, regular files only)."""
    fd = open_in_root(root, rel)
    with os.fdopen(fd, "rb") as src:
        src_st = os.fstat(src.fileno())
        if src_st.st_size > MAX_READ:
            raise UnsafePath(rel, f"file too large ({src_st.st_size:,} bytes)")
        parts = _split_out(dest or rel)
        with _dir_fd(out) as top:
            parent = _walk_dirs(top, parts[:-1], create=True)
            try:
                try:
                    st = os.stat(parts[-1], dir_fd=parent, follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode) and st.st_size == src_st.st_size and st.st_mtime >= src_st.st_mtime:
                        return False
                except FileNotFoundError:
                    pass
            finally:
                os.close(parent)
        return write_in(out, dest or rel, src.read(MAX_READ + 1))


def unlink_in(out: Path, rel: str) -> bool:
    """Remove the file ``out/rel`` (the entry itself, never a link's target); True when removed.
    A path that is not clean, or a folder on the way that is a link, removes nothing."""
    try:
        parts = _split_out(rel)
        with _dir_fd(out) as top:
            parent = _walk_dirs(top, parts[:-1])
            try:
                os.unlink(parts[-1], dir_fd=parent)
            finally:
                os.close(parent)
    except OSError:  # missing, a folder, a link on the way, an unclean name: nothing to delete
        return False
    return True

"""Writing a fixed file safely: a temporary file in the same directory, then ``os.replace``.

A crash (even ``kill -9``) at any moment leaves either the old file or the new one, never half
of either: the new bytes are written and fsynced to a temporary file first, and the rename that
swaps it in is atomic on POSIX file systems (and on NTFS through ``os.replace``). Permissions are
copied, and ownership where the process may set it. A stray temporary file is removed on error.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile

_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}

TEMP_PREFIX = ".yamlkit-fix-"


def encode(text: str, encoding: str = "utf-8", had_bom: bool = False) -> bytes:
    """The bytes of ``text`` in the file's own encoding, with its byte-order mark if it had one."""
    data = text.encode(encoding)
    return (_BOMS.get(encoding, b"") + data) if had_bom else data


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically, keeping its mode (and owner)."""
    real = os.path.realpath(path)  # write through a symlink to its target, keep the link
    directory = os.path.dirname(real) or "."
    info = os.stat(real)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(temp, info.st_uid, info.st_gid)
            except OSError:
                pass  # not permitted (another owner): keep ours, the mode is still copied
        os.replace(temp, real)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)

"""Writing an output file the user named, and only that file (reliability, issue 7).

``-o PATH`` must not destroy anything by surprise: an existing file, or a symbolic link (even a
dangling one, which would send the bytes wherever it points), is refused unless ``--force`` is
given. The bytes are written to a temporary file next to PATH and renamed over it, so a crash or
a full disk never leaves half a file, and with ``--force`` a link is replaced by the file rather
than followed: nothing is ever written outside PATH.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from homologue.errors import InputError


def check_output(path: str | Path, force: bool) -> Path:
    """The output path, refused (before any work is done) if it would overwrite without
    ``force`` or if it is a folder."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target} is a folder: give a file name with -o")
    if (target.exists() or target.is_symlink()) and not force:
        kind = "is a link" if target.is_symlink() else "exists"
        raise InputError(f"{target} {kind}: use --force to overwrite it")
    return target


def write_output(path: str | Path, data: bytes, force: bool) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    target = check_output(path, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

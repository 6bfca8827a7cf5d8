"""Safe writes: temporary file + os.replace, permissions kept, never a half-written file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from yamlkit.fixes import writer
from yamlkit.fixes.writer import TEMP_PREFIX, encode, write_atomic

ROOT = Path(__file__).resolve().parents[2]


def test_write_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"a: 1\n")
    os.chmod(target, 0o640)
    write_atomic(str(target), b"a: 2\n")
    assert target.read_bytes() == b"a: 2\n"
    assert (os.stat(target).st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(str(link), b"a: 2\n")
    assert link.is_symlink() and real.read_bytes() == b"a: 2\n"


def test_a_failed_replace_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"a: 1\n")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(str(target), b"a: 2\n")
    assert target.read_bytes() == b"a: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_encode_keeps_the_byte_order_mark_and_encoding() -> None:
    assert encode("a: 1\n", "utf-8", True) == b"\xef\xbb\xbfa: 1\n"
    assert encode("a\n", "utf-16-le", True) == b"\xff\xfea\x00\n\x00"
    assert encode("é\n") == "é\n".encode()


_WRITER = """
import sys
sys.path.insert(0, {root!r})
from yamlkit.fixes.writer import write_atomic
old, new = b"old: 1\\n" * 400_000, b"new: 2\\n" * 400_000
print("ready", flush=True)
i = 0
while True:
    write_atomic(sys.argv[1], new if i % 2 == 0 else old)
    i += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_9_mid_write_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    target = tmp_path / "big.yaml"
    old, new = b"old: 1\n" * 400_000, b"new: 2\n" * 400_000
    target.write_bytes(old)
    script = tmp_path / "writer.py"
    script.write_text(_WRITER.format(root=str(ROOT)))
    for delay in (0.05, 0.13, 0.21, 0.34):
        proc = subprocess.Popen([sys.executable, str(script), str(target)], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert target.read_bytes() in (old, new)
    # A kill between mkstemp and the rename may leave our temporary file, never a broken target.
    assert all(p.name.startswith(TEMP_PREFIX) for p in tmp_path.iterdir() if p.name not in ("big.yaml", "writer.py"))

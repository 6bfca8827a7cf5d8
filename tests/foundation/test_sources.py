"""Encodings: UTF-8 with or without BOM, UTF-16/32 with BOM; clear findings for everything else."""

import codecs
import os
import threading

import pytest

from yamlkit.discovery import read_source
from yamlkit.parse import Limits
from yamlkit.settings import Settings
from yamlkit.source import DecodeProblem, SourceFile, decode


def test_utf8_bom_is_dropped_and_remembered():
    source = decode("f", codecs.BOM_UTF8 + b"a: 1\n")
    assert source.text == "a: 1\n" and source.had_bom


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding):
    source = decode("f", "name: café\n".encode(encoding))
    assert source.text == "name: café\n"


def test_invalid_utf8_names_the_byte_and_place():
    with pytest.raises(DecodeProblem) as info:
        decode("f", b"a: 1\nb: caf\xe9\n")
    assert info.value.code == "Y002"
    assert "0xe9" in info.value.message and "line 2" in info.value.message
    assert (info.value.line, info.value.column) == (2, 7)


def test_nul_bytes_mean_binary():
    with pytest.raises(DecodeProblem) as info:
        decode("f", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert info.value.code == "Y003"


def test_line_index_counts_only_newlines():
    source = SourceFile("f", "a\r\nb\rc\u2028d\n\ne")
    assert source.line_starts == [0, 3, 9, 10]
    assert [source.line_text(n) for n in (1, 2, 3, 4)] == ["a", "b\rc\u2028d", "", "e"]
    assert SourceFile("f", "").line_starts == [0] and SourceFile("f", "x\n").line_starts == [0, 2]


def test_a_pipe_is_read_to_its_end(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    payload = b"a: 1\n" * 50_000  # larger than a pipe's buffer: needs many reads

    def write() -> None:
        with open(fifo, "wb") as handle:
            for start in range(0, len(payload), 5_000):
                handle.write(payload[start:start + 5_000])
                handle.flush()

    writer = threading.Thread(target=write)
    writer.start()
    source = read_source(str(fifo))
    writer.join()
    assert isinstance(source, SourceFile) and source.text == payload.decode()


def test_reading_stops_past_the_size_limit(tmp_path):
    settings = Settings()
    settings.limits = Limits(max_file_size=10)
    result = read_source("/dev/zero", settings)
    assert [f.code for f in result.findings] == ["Y014"]
    (tmp_path / "small.yaml").write_text("a: 1\n")
    assert read_source(str(tmp_path / "small.yaml"), settings).text == "a: 1\n"


@pytest.mark.parametrize("text", ["", "\n", "a", "a\n", "a\nb", "a\nb\n", "a\r\nb\r\n", "a\r\nbc", "a\rb\n", "\n\n", "x\n\n"])
def test_line_count_and_last_width_agree_with_the_line_index(text: str) -> None:
    """Positions past the end are clamped to the last line: counted without the line index
    (``SourceFile.line_count``, ``retain.last_width``), they must be what the index says."""
    from yamlkit.retain import last_width
    from yamlkit.source import SourceFile

    source = SourceFile(name="f.yaml", text=text)
    indexed = SourceFile(name="f.yaml", text=text)
    starts = indexed.line_starts
    expected = len(starts) - 1 if len(starts) > 1 and starts[-1] == len(text) else len(starts)
    assert source.line_count == expected
    assert last_width(text) == len(indexed.line_text(expected))

"""Encodings: UTF-8 with or without BOM, UTF-16/32 with BOM; clear findings for everything else."""

import codecs

import pytest

from yamlkit.source import DecodeProblem, decode


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

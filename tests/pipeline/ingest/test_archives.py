"""Tests for pipeline.ingest.archives: Connections.csv out of a ZIP, and each kind of damage an error for that file."""

from __future__ import annotations

import pytest

from pipeline.errors import InputFileError
from pipeline.ingest.archives import from_zip
from tests.fixtures import hostile


def test_the_member_comes_out_whole():
    """A sound archive yields Connections.csv byte for byte."""
    content = hostile.csv_bytes(hostile.rows(3))
    assert from_zip(hostile.zip_of("Basic_LinkedInDataExport/Connections.csv", content), "a.zip") == content


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (hostile.zip_bad_crc, "a.zip: Connections.csv in the ZIP is damaged (Bad CRC-32 for file 'Connections.csv'). Download the LinkedIn archive again, or unzip it yourself and import Connections.csv."),
        (hostile.zip_corrupt_deflate, "a.zip: Connections.csv in the ZIP cannot be unpacked (corrupt data). Download the LinkedIn archive again, or unzip it yourself and import Connections.csv."),
        (hostile.zip_encrypted, "a.zip: Connections.csv in the ZIP is encrypted. Unzip it with its password and import Connections.csv."),
        (hostile.zip_unknown_method, "a.zip: Connections.csv in the ZIP uses a compression method Python cannot unpack. Unzip it with your system's archive tool and import Connections.csv."),
        (hostile.zip_truncated, "a.zip: The ZIP archive is damaged. Download the LinkedIn archive again, or unzip it yourself and import Connections.csv."),
    ],
)
def test_each_kind_of_damage_is_an_input_error(make, message: str):
    """Bad CRC, corrupt deflate, encryption, an unknown method and truncation each name the file and the fix."""
    with pytest.raises(InputFileError) as info:
        from_zip(make(), "a.zip")
    assert str(info.value) == message

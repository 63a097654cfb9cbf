"""Take Connections.csv out of a LinkedIn archive ZIP, refusing bombs and damaged or encrypted members by name."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from pipeline.errors import InputFileError

# Zip-bomb guards: LinkedIn archives are a few MB; a member this large or this compressed is not one.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 20_000
_AGAIN = "Download the LinkedIn archive again, or unzip it yourself and import Connections.csv."


def from_zip(data: bytes, shown: str) -> bytes:
    """The bytes of the archive's Connections.csv (the shallowest one), or an InputFileError naming the damage."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputFileError("The ZIP archive is damaged", file=shown, fix=_AGAIN) from exc
    with archive:
        member = _pick(archive, shown)
        try:
            with archive.open(member) as handle:
                # Read one byte past the limit: the declared size in the ZIP header may lie.
                content = handle.read(MAX_MEMBER_BYTES + 1)
        except NotImplementedError as exc:  # before RuntimeError, its base class
            raise InputFileError(f"{member.filename} in the ZIP uses a compression method Python cannot unpack",
                                 file=shown, fix="Unzip it with your system's archive tool and import Connections.csv.") from exc
        except RuntimeError as exc:  # zipfile's word for a password-protected member
            raise InputFileError(f"{member.filename} in the ZIP is encrypted", file=shown,
                                 fix="Unzip it with its password and import Connections.csv.") from exc
        except zipfile.BadZipFile as exc:  # bad CRC, truncated member, bad local header
            raise InputFileError(f"{member.filename} in the ZIP is damaged ({exc})", file=shown, fix=_AGAIN) from exc
        except (zlib.error, EOFError, OSError, ValueError) as exc:  # corrupt deflate or bzip2/lzma stream
            raise InputFileError(f"{member.filename} in the ZIP cannot be unpacked (corrupt data)", file=shown, fix=_AGAIN) from exc
    if len(content) > MAX_MEMBER_BYTES:
        raise InputFileError("A file in the ZIP is too large to be a contact export", file=shown, fix="Unzip it and check it.")
    return content


def _pick(archive: zipfile.ZipFile, shown: str) -> zipfile.ZipInfo:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputFileError(f"The ZIP holds {len(members)} files", file=shown, fix="Unzip it and give Connections.csv.")
    wanted = [m for m in members if not m.is_dir() and Path(m.filename).name.casefold() == "connections.csv"]
    if not wanted and any(m.filename.startswith(("xl/", "[Content_Types].xml")) for m in members):
        raise InputFileError(
            "This is an Excel workbook, not a CSV", file=shown,
            fix="Open it in Excel or Numbers and save it as CSV (UTF-8), then import that file.",
        )
    if not wanted:
        csvs = sorted(Path(m.filename).name for m in members if m.filename.casefold().endswith((".csv", ".vcf")))
        raise InputFileError(
            "The ZIP holds no Connections.csv", file=shown,
            fix=f"Unzip it and import the contact file itself (it holds: {', '.join(csvs[:10]) or 'no CSV'}).",
        )
    member = min(wanted, key=lambda m: m.filename.count("/"))
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > MAX_MEMBER_BYTES or (member.file_size > 1 << 20 and ratio > MAX_RATIO):
        raise InputFileError(
            f"{member.filename} in the ZIP unpacks to {member.file_size} bytes (ratio {ratio:.0f}:1)",
            file=shown, fix="This does not look like a LinkedIn archive; unzip it yourself and check the file.",
        )
    return member

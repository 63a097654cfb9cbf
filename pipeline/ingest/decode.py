"""Decode a contact file's bytes: plain UTF-8 at once, BOMs, UTF-16 without BOM, else charset-normalizer among likely codecs."""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

import numpy as np

log = logging.getLogger(__name__)

# The encodings contact exports really come in (Excel on Windows, Numbers/old Excel on a Mac,
# a few latin-1 database dumps). Left to itself charset-normalizer picks cp1250 or mac_iceland
# for a Western file; another codec wins only when these read as a mess and it reads cleanly.
LIKELY = ("cp1252", "mac_roman", "latin_1")  # in order of preference when all else is equal
LABELS = {"cp1252": "cp1252", "mac_roman": "mac-roman", "latin_1": "latin-1"}
# charset-normalizer's "chaos" (0 clean .. 1 garbage): how clean another codec must read to win.
STRONG_EVIDENCE = 0.05
# ...and on this many non-ASCII bytes at least: on three accented letters some DOS codepage always
# reads cleaner than the truth.
MIN_EVIDENCE = 16
# Only lines holding non-ASCII bytes say anything about the codec: give it those, up to this much.
SAMPLE_BYTES = 64 * 1024
_HIGH = re.compile(rb"[\x80-\xff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_HIGH_BYTES = bytes(range(128, 256))


def decode(data: bytes) -> tuple[str, str, list[int]]:
    """Decode bytes; return the text, the encoding's label and where bytes could not be decoded."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
        return text, "utf-8-sig", _damage(text)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        return text, "utf-16", _damage(text)
    codec = utf16_without_bom(data)
    if codec:
        text = data.decode(codec, errors="replace")
        return text, "utf-16", _damage(text)
    try:
        return data.decode("utf-8"), "utf-8", []  # the fast path: most exports are plain UTF-8
    except UnicodeDecodeError:
        pass
    # Count with C-speed string methods: bytes >= 0x80, and U+FFFD where UTF-8 decoding failed.
    text = data.decode("utf-8", errors="replace")
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    bad = text.count("\ufffd")
    good = len(text) - (len(data) - high) - bad  # non-ASCII characters that decoded fine
    if good <= 0:
        return legacy(data)
    if good >= bad:
        # Mostly valid UTF-8 with a few corrupt bytes: a legacy decode would garble every accent.
        return text, "utf-8", _damage(text)
    # Mostly legacy bytes with some UTF-8 pasted in (seen in Danish Excel re-saves): decode each
    # stretch as what it is.
    return data.decode("utf-8", errors="cp1252_fallback"), "cp1252", []


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes read as UTF-16 text without a BOM, else None."""
    head = data[:8192]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # ASCII separators and line breaks put a NUL in every other byte, even in CJK text (whose own
    # code units rarely hold a zero byte): the zeros sit on one side only.
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= max(2, len(head) // 100) and other * 4 <= zeros:
            try:
                sample = head.decode(codec)
            except UnicodeDecodeError:
                continue  # a half surrogate at the cut, or not UTF-16 at all
            if "\n" in sample and sum(ch.isprintable() or ch in "\t\r\n" for ch in sample) >= 0.95 * len(sample):
                return codec
    return None


def legacy(data: bytes) -> tuple[str, str, list[int]]:
    """Decode bytes that are not UTF-8: charset-normalizer chooses, among LIKELY unless the evidence is strong."""
    from charset_normalizer import from_bytes  # only non-UTF-8 files pay for it

    sample = _high_lines(data) or data[:SAMPLE_BYTES]
    found = {m.encoding: m.chaos for m in from_bytes(sample, cp_isolation=list(LIKELY))}
    if _CP1252_UNDEFINED.search(sample):
        codec, found = _undefined_in_cp1252(sample, found, from_bytes)
    else:
        # charset-normalizer may find none of them on a short sample: each is then tried.
        codec = _closest_call(sample, found or dict.fromkeys(LIKELY, 1.0))
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    if high >= MIN_EVIDENCE:
        codec = _stronger(sample, codec, found.get(codec, 1.0), high, from_bytes(sample))
    log.debug("legacy bytes decoded as %s (chaos %s)", codec, found)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        # A byte the codec leaves undefined beyond the sample (cp1252 has five): keep the rest.
        text = data.decode(codec, errors="replace")
    return text, LABELS.get(codec, codec.replace("_", "-")), _damage(text)


def _stronger(sample: bytes, codec: str, chaos: float, high: int, others) -> str:
    # Another codec wins when it reads clearly cleaner (chaos), or as clean and its letters clearly
    # more in place: cp1252 reads Polish cp1250 with chaos 0 as "£ukasz" and "Zak³ady".
    reading = sample.decode(codec, errors="replace")
    mine = plausibility(reading)
    best = codec
    for match in others:
        if match.encoding in LIKELY or match.chaos > max(chaos, STRONG_EVIDENCE):
            continue
        theirs = plausibility(str(match))
        # Cleaner by chaos only counts when its letters read better too: a stray 0x81 makes latin-1
        # look chaotic and cp775 clean, but cp775 turns "Renée" into "Renķe"; mac-turkish reads a
        # MacRoman file alike but for a few symbols.
        cleaner = match.chaos <= STRONG_EVIDENCE and match.chaos < chaos / 2 and (
            theirs > mine or (theirs == mine and not _siblings(reading, str(match), high)))
        if cleaner or theirs - mine >= max(4, high // 8):
            best, mine, chaos, reading = match.encoding, theirs, match.chaos, str(match)
    return best


def _siblings(mine: str, theirs: str, high: int) -> bool:
    """Whether two readings differ in under half the non-ASCII bytes (mac-turkish beside MacRoman, latin-9 beside latin-1)."""
    if len(mine) != len(theirs):
        return False
    a = np.frombuffer(mine.encode("utf-32-le"), dtype=np.uint32)
    b = np.frombuffer(theirs.encode("utf-32-le"), dtype=np.uint32)
    return int((a != b).sum()) * 2 < high


# The five bytes cp1252 leaves undefined. A file holding one is latin-1 (where it is a C1 control,
# stripped later with a warning) or MacRoman (where it is a letter: 0x81 Å, 0x8F è, 0x9D ù).
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_C1_DEFINED = re.compile(rb"[\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]")


def _undefined_in_cp1252(sample: bytes, found: dict[str, float], from_bytes) -> tuple[str, dict[str, float]]:
    """The Western codec of a sample holding a byte cp1252 leaves undefined, by which letters make sense.

    charset-normalizer drops cp1252 for such a sample and counts latin-1's C1 controls as chaos, so
    MacRoman would win by default however wrong its letters ("RenÈe"). Here latin-1 (or cp1252 read
    with the undefined bytes as damage, when other 0x80-0x9F bytes are its quotes and dashes) and
    MacRoman compete on plausibility alone; the Western reading's chaos is judged without those bytes.
    """
    western = "cp1252" if _C1_DEFINED.search(sample) else "latin_1"
    codec = max((western, "mac_roman"), key=lambda c: (plausibility(sample.decode(c, errors="replace")), -LIKELY.index(c)))
    readings = list(from_bytes(_CP1252_UNDEFINED.sub(b"", sample), cp_isolation=["cp1252"]))
    if readings:
        found = {**found, western: min(found.get(western, 1.0), readings[0].chaos)}
    return codec, found


def _closest_call(sample: bytes, chaos: dict[str, float]) -> str:
    # charset-normalizer names the Western codecs that read the sample at all; which of them is
    # right falls to the letters: on a few dozen accented names its chaos scores are noise (a
    # MacRoman "José, Cécile" scores 0.0 as cp1252 "JosŽ, CŽcile" and 0.09 as itself).
    contenders = [c for c in LIKELY if c in chaos]
    if "latin_1" in contenders and "cp1252" not in contenders and not _CP1252_UNDEFINED.search(sample):
        # cp1252 differs from latin-1 only where latin-1 has C1 controls, which no text holds: where
        # latin-1 may be right, so may cp1252 (its ’ and – in "D’Angelo – Milano").
        contenders.append("cp1252")
    return max(contenders, key=lambda c: (plausibility(sample.decode(c, errors="replace")), -LIKELY.index(c)))


def plausibility(text: str) -> int:
    """How much the non-ASCII characters of a text read like names and prose (letters in their place), minus how much not."""
    score = 0
    for match in _NON_ASCII.finditer(text):
        i = match.start()
        ch, before = match.group(), text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        kind = unicodedata.category(ch)
        if kind == "Ll":
            score += _lower_letter(ch, before, after)
        elif kind == "Lu":
            score += _capital(text, i)
        elif kind == "Zs":
            continue  # a no-break space reads fine in either codec
        elif _typographic(text, i):
            score += 1
        elif ch == "’":
            continue  # inside a word where no language puts an apostrophe ("Luc’a" is MacRoman's "Lucía")
        else:  # symbols, modifier letters, controls: "F·tima", "Faˇ", "G—mez"
            score -= 1
    return score


_WESTERN_EXTRAS = frozenset("šžœƒıﬁﬂ")


def _capital(text: str, i: int) -> int:
    # A capital after a letter of a word that has lower-case letters is mojibake ("RenÈe", "MŸller",
    # "DÕAngelo"); alone between spaces it is rarely a word ("Data Ð EMEA" is MacRoman's dash).
    start, end = i, i + 1
    while start and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    if end - start == 1:
        return 0
    word = text[start:end]
    return -1 if start < i and any(c.islower() for c in word) else 1


def _lower_letter(ch: str, before: str, after: str) -> int:
    # A lower-case letter reads right mid-word. One of the few cp1252 and MacRoman add to Latin-1
    # (š, œ, ﬁ) says little either way ("Schršder" is MacRoman's "Schröder"); at the start of a word
    # names and titles put a capital ("çngel" is its "Ángel"); right before a capital it is mojibake
    # ("LíOrÈal").
    if ch in _WESTERN_EXTRAS or (not before.isalpha() and after.islower()):
        return 0
    return -1 if after.isupper() else 1


# The words an apostrophe ends or begins inside a word: elided articles (L’, d’, dell’) and English contractions.
_CONTRACTIONS = frozenset({"s", "t", "ll", "re", "ve", "d", "m"})


def _typographic(text: str, i: int) -> bool:
    # Curly quotes, dashes and ellipses where prose puts them: an apostrophe after an elided article
    # or before a capital or a contraction (L’Oréal, O’Neil, it’s), an opening quote not after a
    # letter, a dash or an ellipsis not glued to the start of a word.
    ch = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch == "’":
        if not (before.isalpha() and after.isalpha()):
            return True
        start, end = i, i + 1
        while start and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and text[end].isalpha():
            end += 1
        head, tail = text[start:i], text[i + 1 : end]
        return len(head) <= 2 or head.casefold().endswith("ll") or tail[0].isupper() or tail.casefold() in _CONTRACTIONS
    if ch == "‘":
        return not before.isalpha()
    if ch in "–—…":
        return not after.isalpha() or before.isdigit()
    if ch in "¡¿":  # Spanish opening marks: at the start of a phrase
        return not before.isalpha()
    if ch in "£€¥$":
        return after.isdigit() or before.isdigit() or before == " " or after == " "
    if ch in "°ºª":  # n° 12, 3ª planta, 20 °C
        return before.isdigit() or before in "nN " or after == "C"
    if ch in "±×÷":
        return after.isdigit() or after == " " or before.isdigit()
    if ch == "§":  # § 3, never glued to a word ("Wei§" is MacRoman's "Weiß")
        return not before.isalpha() and (after.isdigit() or after == " ")
    return ch in "“”«»•©®™" and not (before.isalpha() and after.isalpha())


def _high_lines(data: bytes) -> bytes:
    # The lines that hold a non-ASCII byte, joined, up to SAMPLE_BYTES: found by a regex search
    # for the next high byte and the line around it, so ASCII stretches cost nothing in Python.
    lines: list[bytes] = []
    size, pos = 0, 0
    while size < SAMPLE_BYTES:
        found = _HIGH.search(data, pos)
        if found is None:
            break
        start = data.rfind(b"\n", 0, found.start()) + 1
        end = data.find(b"\n", found.start())
        end = len(data) if end < 0 else end
        line = data[start : min(end, start + SAMPLE_BYTES)]
        lines.append(line)
        size += len(line) + 1
        pos = end + 1
    return b"\n".join(lines)[:SAMPLE_BYTES]


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="replace"), error.end


codecs.register_error("cp1252_fallback", _cp1252_fallback)


def _damage(text: str) -> list[int]:
    # Where the replacement character stands; each damaged value is also reported on its line.
    if "\ufffd" not in text:
        return []
    return [m.start() for m in re.finditer("\ufffd+", text)]

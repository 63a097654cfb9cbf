"""Tests for pipeline.ingest.decode: the UTF-8 fast path, BOMs, UTF-16 without BOM, and the codec chosen for legacy bytes."""

from __future__ import annotations

import pytest

from pipeline.ingest.decode import decode, plausibility, utf16_without_bom
from tests.fixtures import hostile

WESTERN = "Prénom;Nom;Entreprise\nRenée;Faÿ;L’Oréal\nJosé;Muñoz;Analyst – Offshore\nZoë;Müller;“Nestlé”\n"


@pytest.mark.parametrize(
    ("codec", "label"),
    [("cp1252", "cp1252"), ("mac_roman", "mac-roman"), ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")],
)
def test_western_names_with_curly_quotes_and_dashes_round_trip(codec: str, label: str):
    """French and Spanish names with ’ – “ ” decode to the text written, under the codec's label."""
    assert decode(WESTERN.encode(codec))[:2] == (WESTERN, label)


def test_the_issue_cp1252_alumni_file_is_not_read_as_macroman():
    """The `;`-separated Excel file of the issue reads as cp1252: Renée Faÿ, L’Oréal, Analyst – Offshore."""
    text, encoding, damaged = decode(hostile.cp1252_alumni())
    assert (encoding, damaged) == ("cp1252", [])
    assert "Renée;Faÿ;L’Oréal;Analyst – Offshore" in text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Имя,Фамилия,Компания\nИван,Петров,Газпром нефть\nМария,Иванова,Сбербанк России\n", "cp1251"),
        ("Imię,Nazwisko,Firma\nŁukasz,Wróbel,Zakłady Mięsne\nMałgorzata,Żółkiewska,Świętokrzyskie Młyny\nJózef,Łęcki,Gdańsk\n", "cp1250"),
    ],
)
def test_another_codec_wins_only_on_strong_evidence(text: str, codec: str):
    """Cyrillic and Polish files read in their own codec: the Western ones read them as a mess."""
    decoded, label, _ = decode(text.encode(codec))
    assert (decoded, label) == (text, codec)


def test_latin1_file_reads_right():
    """A latin-1 file (no byte in 0x80-0x9F) reads as the text written; cp1252 is its superset."""
    text = "Zoë,Müller,Søren,Ångström\n"
    assert decode(text.encode("latin-1"))[:2] == (text, "cp1252")


def test_three_stray_bytes_are_no_evidence_for_another_codec():
    """A few accented letters with an undefined byte stay in the Western codecs, not a DOS codepage."""
    assert decode("Zoë,Müller\n".encode("latin-1") + b"\x81x\n")[1] in ("mac-roman", "latin-1", "cp1252")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_holding_only_cjk_is_text(codec: str):
    """A Chinese and Japanese list in UTF-16 without a BOM decodes (the NULs of its commas and line breaks show it)."""
    data = hostile.cjk_utf16(codec)
    assert utf16_without_bom(data) == codec
    assert decode(data)[:2] == (data.decode(codec), "utf-16")


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", b"plain ascii,no nuls\n", b"a,b\nc\x00,d\n"])
def test_binary_and_plain_bytes_are_not_utf16(data: bytes):
    """NULs spread over both byte positions, or none at all, are not UTF-16."""
    assert utf16_without_bom(data) is None


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_says_where():
    """Mostly valid UTF-8 keeps its accents; each damaged spot is located."""
    text, encoding, damaged = decode("Zoë,Müller\n".encode() + b"Jos\xe9,x\n" + "Søren,y\n".encode())
    assert (encoding, text.count("\ufffd"), len(damaged)) == ("utf-8", 1, 1)
    assert "Søren" in text


@pytest.mark.parametrize(
    ("mojibake", "real"),
    [("RenÈe", "Renée"), ("LíOrÈal", "L’Oréal"), ("F·tima", "Fátima"), ("G—mez", "Gómez"), ("Faˇ", "Faÿ"), ("MŸller", "Müller")],
)
def test_plausibility_prefers_letters_in_their_place(mojibake: str, real: str):
    """Mojibake (a capital mid-word, a symbol in a name) scores below the real spelling."""
    assert plausibility(real) > plausibility(mojibake)


# French, Spanish and German names as Excel, a Mac and a latin-1 database dump re-save them.
RESAVED = {
    "french": "Prénom,Nom,Entreprise\nRenée,Faÿ,Société Générale\nFrançois,Lefèvre,Crédit Agricole\nHélène,Côté,Hermès\n",
    "spanish": "Nombre,Apellido,Empresa\nJosé,Muñoz,Telefónica\nMaría,Peña,Banco Bilbao\nÁngel,Núñez,Iberdrola\n",
    "german": "Vorname,Nachname,Firma\nJürgen,Müller,Bäckerei Groß\nZoë,Schröder,Müller & Söhne\nÖzgür,Weiß,Straßenbahn\n",
    "one name": "First,Last\nRenée,Smith\n",
}
# A latin-1 file is read by its superset cp1252 unless it holds a byte cp1252 leaves undefined.
RESAVE_LABELS = {"cp1252": "cp1252", "mac_roman": "mac-roman", "latin_1": "cp1252"}


@pytest.mark.parametrize("codec", sorted(RESAVE_LABELS))
@pytest.mark.parametrize("language", sorted(RESAVED))
def test_resaved_western_names_read_as_written(language: str, codec: str):
    """cp1252, MacRoman and latin-1 re-saves of French, Spanish and German names decode to the names written."""
    text = RESAVED[language]
    assert decode(text.encode(codec))[:2] == (text, RESAVE_LABELS[codec])


# (bytes, label, the text that must come out): a byte cp1252 leaves undefined (0x81, 0x8D, 0x8F,
# 0x90, 0x9D) means latin-1 or MacRoman; the letters that make sense decide which.
UNDEFINED_IN_CP1252 = [
    # latin-1 with a stray 0x81: MacRoman would read "RenÈe" and "LefËvre", cp775 "Renķe".
    (RESAVED["french"].encode("latin-1") + b"Ann,Lee\x81\n", "latin-1", RESAVED["french"]),
    (RESAVED["french"].encode("latin-1") + b"Ann,Ba\x81a\n", "latin-1", RESAVED["french"]),
    (RESAVED["one name"].encode("latin-1") + b"Ann,Ba\x81a\n", "latin-1", RESAVED["one name"]),
    (RESAVED["german"].encode("latin-1") + b"Ann,Lee\x81\n", "latin-1", RESAVED["german"]),
    # MacRoman where 0x81 is Å and 0x8F is è.
    ("First,Last\nÅsa,Lind\n".encode("mac_roman") + b"Ann,Lee\x81\n", "mac-roman", "First,Last\nÅsa,Lind\n"),
    ("Prénom,Nom\nHélène,Lefèvre\nÅsa,Öberg\n".encode("mac_roman"), "mac-roman", "Prénom,Nom\nHélène,Lefèvre\nÅsa,Öberg\n"),
    # cp1252 (its curly apostrophe and dash) with one undefined byte: cp1252, that byte damaged.
    ("Nom,Entreprise\nRenée,L’Oréal – Paris\n".encode("cp1252") + b"Ann,Lee\x81\n", "cp1252",
     "Nom,Entreprise\nRenée,L’Oréal – Paris\nAnn,Lee\ufffd\n"),
]


@pytest.mark.parametrize(("data", "label", "text"), UNDEFINED_IN_CP1252)
def test_a_byte_cp1252_leaves_undefined_is_decided_by_the_letters(data: bytes, label: str, text: str):
    """A file holding 0x81 reads as latin-1 or MacRoman, whichever gives letters in their place."""
    decoded, got, _ = decode(data)
    assert (got, decoded.startswith(text)) == (label, True), decoded


# Small re-saves where charset-normalizer's chaos is noise and the letters decide (each was misread once).
SMALL_RESAVES = [
    ("First,Last\nLucía,Schröder\n", "mac_roman"),  # not cp1252 "Luc’a,Schršder"
    ("First,Last\nÁngel,Öberg\n", "mac_roman"),  # not cp1252 "çngel,…berg"
    ("First,Last,Company\nJosé,Cécile,Prix 5 €\nWeiß,Jörg,Globex\n", "mac_roman"),  # not cp1252 "JosŽ"
    ("First,Last,Company\nAnaïs,Hélène,Prix 5 €\nIñaki,Agnès,Nestlé\nNoël,Raúl,Crédit Agricole\n", "mac_roman"),
    ("First,Last,Company\nÑúñez,Côté,Société Générale\nÉlodie,D’Angelo,Hermès\n", "cp1252"),  # not latin-1 "D\x92Angelo"
    ("First,Last,Company\nDell’Acqua,O’Neil,L’Oréal\nNoël,Ángel,“Nestlé”\n", "cp1252"),
]
SMALL_LABELS = {"mac_roman": "mac-roman", "cp1252": "cp1252"}


@pytest.mark.parametrize(("text", "codec"), SMALL_RESAVES)
def test_small_resaves_are_read_by_the_letters_that_make_sense(text: str, codec: str):
    """A few accented names re-saved on a Mac or on Windows decode as written, in the codec they were saved in."""
    assert decode(text.encode(codec))[:2] == (text, SMALL_LABELS[codec])


def test_a_sibling_codec_never_wins_on_chaos_alone():
    """mac-turkish reads a MacRoman file alike but for € and a few symbols: MacRoman stays."""
    text = ("First,Last,Company\nIñaki,Agnès,Société Générale\nGonçalves,Éric,Prix 5 €\nRenée,José,Müller & Söhne\n"
            "Dell’Acqua,Dell’Acqua,L’Oréal\nAnaïs,Müller,Müller & Söhne\n")
    assert decode(text.encode("mac_roman"))[:2] == (text, "mac-roman")


# Symbols where prose puts them (¡ ¿ £ ± ® « ° ª) are no evidence for a Central European or Nordic codec.
SYMBOLS = ("Nombre,Apellido,Empresa\nÉric,Ángel,¡Olé!\nPeña,Dell'Acqua,Prix £50\nLucía,Åke,±5 %\n"
           "Léa,Weiß,Müller ® GmbH\nIñaki,Muñoz,«Le Monde»\nAnn,Weiß,3ª planta\nJosé,Núñez,Rue n° 12\n")


@pytest.mark.parametrize(("text", "codec", "label"), [
    (SYMBOLS, "cp1252", "cp1252"),
    (SYMBOLS, "latin_1", "cp1252"),
    (SYMBOLS, "mac_roman", "mac-roman"),
    ("First,Last,Company\nD’Angelo,Smith,Head of Data – EMEA\n", "mac_roman", "mac-roman"),  # not "DÕAngelo ... Ð"
    ("First,Last,Company\nBob,Weiß,Acme\nGroß,Weiß,Analyst – Offshore\n", "mac_roman", "mac-roman"),  # not "Wei§"
])
def test_symbols_in_their_places_keep_the_western_codec(text: str, codec: str, label: str):
    """Spanish marks, currency, ± ® « ° ª read as written; MacRoman's ß and dash are not cp1252's § and Ð."""
    assert decode(text.encode(codec))[:2] == (text, label)

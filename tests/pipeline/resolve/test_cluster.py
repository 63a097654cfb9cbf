"""Constrained clustering: strongest links first, no chaining across conflicting identifiers."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.resolve.cluster import Constraints, cluster


def run(n, edges, constraints=None, forced=()):
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    return cluster(n, list(forced), a, b, constraints or Constraints()).tolist()


def test_links_merge_and_labels_are_smallest_members():
    """Linked rows share one label: the smallest row in their cluster."""
    assert run(4, [(2, 3), (1, 2)]) == [0, 1, 1, 1]


def test_two_linkedin_profiles_never_end_in_one_cluster_even_through_a_chain():
    """a–b and b–c are links, but a and c have different LinkedIn profiles: b joins only the first."""
    labels = run(3, [(0, 1), (1, 2)], Constraints(slugs={0: "ann-1", 2: "ann-2"}))
    assert labels[0] != labels[2] and labels[1] == labels[0]


def test_two_addresses_at_one_employer_domain_are_two_people():
    """Different emails at acme.com never merge; one shared address does not block."""
    work = {0: {"acme.com": {"a@acme.com"}}, 1: {"acme.com": {"b@acme.com"}}}
    assert run(2, [(0, 1)], Constraints(work_emails=work)) == [0, 1]
    same = {0: {"acme.com": {"a@acme.com"}}, 1: {"acme.com": {"a@acme.com", "x@acme.com"}}}
    assert run(2, [(0, 1)], Constraints(work_emails=same)) == [0, 0]


def test_cannot_link_splits_clusters_not_just_rows():
    """A "different" decision between rows 0 and 2 keeps their clusters apart."""
    labels = run(4, [(0, 1), (2, 3), (1, 3)], Constraints(cannot=[(0, 2)]))
    assert labels == [0, 0, 2, 2]


def test_forced_merges_win_over_constraints():
    """A person's "same" merges two rows even with different LinkedIn profiles."""
    assert run(2, [], Constraints(slugs={0: "a", 1: "b"}), forced=[(0, 1)]) == [0, 0]


def test_cluster_size_is_capped():
    """No automatic merge grows a cluster past max_size."""
    labels = run(4, [(0, 1), (1, 2), (2, 3)], Constraints(max_size=2))
    assert max(labels.count(x) for x in set(labels)) == 2


def test_components_label_each_group_by_its_smallest_row():
    """Rows joined by any chain of edges share the smallest row as label; untouched rows keep their own."""
    from pipeline.resolve.cluster import components

    a = np.array([5, 3, 7, 1], dtype=np.int64)
    b = np.array([3, 1, 8, 5], dtype=np.int64)
    assert components(9, a, b).tolist() == [0, 1, 2, 1, 4, 1, 6, 7, 7]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=80))))
def test_components_match_unconstrained_clustering(case):
    """With no constraints, components() and the sequential cluster() give the same labels (a long chain included)."""
    from pipeline.resolve.cluster import components

    n, edges = case
    edges = edges + [(i, i + 1) for i in range(0, n - 1, 1)][: n // 3]
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    expected = cluster(n, [], a, b, Constraints(max_size=10**9))
    assert components(n, a, b).tolist() == expected.tolist()

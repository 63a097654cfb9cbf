"""Clustering without chaining: merge the strongest links first and refuse any merge that breaks a constraint."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

log = logging.getLogger(__name__)


@dataclass
class Constraints:
    """What may never end in one cluster: per-row strong identifiers, and human cannot-links (row pairs)."""

    slugs: dict[int, str] = field(default_factory=dict)  # row -> LinkedIn slug
    # row -> the LinkedIn export it came from: one export lists each connection once, so two rows
    # of one export are two people.
    exports: dict[int, int] = field(default_factory=dict)
    work_emails: dict[int, dict[str, set[str]]] = field(default_factory=dict)  # row -> domain -> addresses
    cannot: list[tuple[int, int]] = field(default_factory=list)
    max_size: int = 100


class _Clusters:
    """Union-find that carries each cluster's identifiers, so a conflict is checked in O(identifiers)."""

    def __init__(self, n: int, constraints: Constraints) -> None:
        # Plain lists: scalar access from Python is several times faster than on numpy arrays.
        self.parent = list(range(n))
        self.size = [1] * n
        self.slugs = {row: {slug} for row, slug in constraints.slugs.items()}
        self.exports = {row: {export} for row, export in constraints.exports.items()}
        self.emails = {row: {d: set(e) for d, e in by.items()} for row, by in constraints.work_emails.items()}
        self.cannot: dict[int, set[int]] = {}
        for a, b in constraints.cannot:
            self.cannot.setdefault(a, set()).add(b)
            self.cannot.setdefault(b, set()).add(a)
        self.max_size = constraints.max_size
        self.refused = 0

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def conflict(self, ra: int, rb: int) -> bool:
        if self.size[ra] + self.size[rb] > self.max_size:
            return True
        xa, xb = self.exports.get(ra), self.exports.get(rb)
        if xa and xb and not xa.isdisjoint(xb):
            return True  # two rows of one LinkedIn export are two connections
        sa, sb = self.slugs.get(ra), self.slugs.get(rb)
        if sa and sb and sa != sb:
            return True  # two LinkedIn profiles are two people
        ea, eb = self.emails.get(ra), self.emails.get(rb)
        if ea and eb:
            for domain in ea.keys() & eb.keys():
                if not ea[domain] & eb[domain]:
                    return True  # two addresses at one employer's domain are two colleagues
        ca, cb = self.cannot.get(ra), self.cannot.get(rb)
        if ca and any(self.find(x) == rb for x in ca):
            return True
        return bool(cb and any(self.find(x) == ra for x in cb))

    def union(self, ra: int, rb: int) -> None:
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        for store in (self.slugs, self.exports, self.cannot):
            moved = store.pop(rb, None)
            if moved:
                store.setdefault(ra, set()).update(moved)
        moved_emails = self.emails.pop(rb, None)
        if moved_emails:
            mine = self.emails.setdefault(ra, {})
            for domain, addresses in moved_emails.items():
                mine.setdefault(domain, set()).update(addresses)


def cluster(
    n: int,
    forced: list[tuple[int, int]],
    edges_a: np.ndarray,
    edges_b: np.ndarray,
    constraints: Constraints,
) -> np.ndarray:
    """Cluster label (the smallest row in the cluster) of each of `n` rows.

    `forced` pairs (a person said "same") are merged first, whatever the constraints; then the edges,
    which must already be sorted strongest first, are merged unless that would put conflicting
    identifiers, a cannot-link or too many records into one cluster: a weak link never chains two
    strongly different people together.
    """
    clusters = _Clusters(n, constraints)
    for a, b in forced:
        ra, rb = clusters.find(a), clusters.find(b)
        if ra != rb:
            clusters.union(ra, rb)
    for a, b in zip(edges_a.tolist(), edges_b.tolist(), strict=True):
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb:
            continue
        if clusters.conflict(ra, rb):
            clusters.refused += 1
            continue
        clusters.union(ra, rb)
    roots = np.asarray(clusters.parent, dtype=np.int64)
    while True:  # pointer jumping: every row straight to its root, vectorised
        jumped = roots[roots]
        if np.array_equal(jumped, roots):
            break
        roots = jumped
    # Label by the smallest member so labels do not depend on merge order.
    smallest = np.full(n, n, dtype=np.int64)
    np.minimum.at(smallest, roots, np.arange(n))
    log.info("clustering: %d merges refused by constraints", clusters.refused)
    return smallest[roots]


def components(n: int, edges_a: np.ndarray, edges_b: np.ndarray) -> np.ndarray:
    """Connected components of `n` rows under the edges, labelled by their smallest row (vectorised, no checks).

    Each round hooks every row onto the smallest label among its neighbours, then jumps pointers
    until every row points at a root; contacts are small, so a handful of rounds suffice.
    """
    labels = np.arange(n, dtype=np.int64)
    a, b = np.asarray(edges_a, dtype=np.int64), np.asarray(edges_b, dtype=np.int64)
    while a.size:
        low = np.minimum(labels[a], labels[b])
        hooked = labels.copy()
        np.minimum.at(hooked, labels[a], low)  # hook roots, not just the endpoints: whole trees move at once
        np.minimum.at(hooked, labels[b], low)
        while True:
            jumped = hooked[hooked]
            if np.array_equal(jumped, hooked):
                break
            hooked = jumped
        if np.array_equal(hooked, labels):
            break
        labels = hooked
    return labels

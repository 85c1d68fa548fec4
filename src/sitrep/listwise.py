"""Listwise softmax regression: the learner behind the place ranker and the event location model.

Each example is a list of options (the candidate places of a mention, the places of a sentence or
none), each option a row of features, some options right. The weights maximise, over examples, the
log of the probability a softmax over each list's scores gives its right options, with L2 decay.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def fit_listwise(features: np.ndarray, right: np.ndarray, sizes: Sequence[int],
                 example_weights: np.ndarray | None = None, l2: float = 0.01, steps: int = 2000,
                 rate: float = 1.0) -> np.ndarray:
    """Weights for the columns of ``features`` (one row per option, the lists one after another,
    ``sizes`` options each; ``right`` 1 for right options). Every list weighs the same unless
    ``example_weights`` (one per list, summing to 1) says otherwise. Deterministic: plain gradient ascent."""
    sizes = np.asarray(sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    segment = np.repeat(np.arange(len(sizes)), sizes)
    if example_weights is None:
        example_weights = np.full(len(sizes), 1.0 / len(sizes))
    weights = np.zeros(features.shape[1])
    for _ in range(steps):
        scores = features @ weights
        scores -= np.maximum.reduceat(scores, starts)[segment]
        p = np.exp(scores)
        p /= np.add.reduceat(p, starts)[segment]
        q = right * p
        q /= np.add.reduceat(q, starts)[segment]
        weights += rate * (((q - p) * example_weights[segment]) @ features - l2 * weights)
    return weights

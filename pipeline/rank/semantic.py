"""Optional semantic fit (`pip install 'coffeechat[semantic]'`): similarity of a role to the target's field, from WordLlama."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence

import numpy as np
import polars as pl

from pipeline.errors import CoffeechatError
from pipeline.profile import Target

# An embedder: texts -> unit vectors, one row per text.
Embed = Callable[[list[str]], np.ndarray]
# Similarity reorders people of one fit level and never gives fit to someone no word of the field
# describes. Cosines run about 0-0.5; capped there, the nudge is at most 0.025, so a related role
# (<= 0.45) with every signal still stays below a square one (0.62): 1.3 x 0.475 < 0.62.
SEMANTIC_WEIGHT = 0.05
SIMILARITY_CAP = 0.5


def available() -> bool:
    """Whether the semantic extra is installed."""
    return importlib.util.find_spec("wordllama") is not None


def load_embedder() -> Embed:
    """WordLlama's shipped 256-d model, loaded from the package alone (downloads disabled).

    Called at the edge (it reads the package's files); the stage takes the embedder as a value.
    """
    if not available():
        raise CoffeechatError("The semantic extra is not installed", fix="Run: pip install 'coffeechat[semantic]'.")
    from pathlib import Path

    import wordllama

    # The wheel ships weights/ and tokenizers/; pointing the cache at the package finds both
    # (its default look-up misses the tokenizer and would try to download it).
    model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    return lambda texts: model.embed(texts, norm=True)


def description(target: Target) -> str:
    """What a target is about, as one text: its name and its keywords."""
    return f"{target.name}: {', '.join(target.keywords)}"


def similarity_columns(combos: pl.DataFrame, targets: Sequence[Target], embed: Embed) -> list[pl.Series]:
    """Per target, `_sem{t}`: cosine of each combination's title and organisation to the target's description."""
    text = combos.select(pl.concat_str([pl.col("title"), pl.col("company")], separator=" ", ignore_nulls=True).fill_null(""))
    uniq = text.to_series().unique().sort()
    vectors = embed(uniq.to_list()) if uniq.len() else np.zeros((0, 1))
    goals = embed([description(t) for t in targets])
    out = []
    for t in range(len(targets)):
        sims = pl.DataFrame({"t": uniq, "s": (vectors @ goals[t]).astype(np.float64)})
        joined = text.to_series().to_frame("t").join(sims, on="t", how="left", maintain_order="left")
        out.append(joined["s"].fill_null(0.0).alias(f"_sem{t}"))
    return out

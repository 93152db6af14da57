"""The probabilities at which the linkage model decides, and the review band split for the
queue's filter (pure, so pages read them without loading the engine, which brings Splink and
pyarrow)."""

#: Pairs at or above this probability are the same person (chosen in docs/linkage.md).
MATCH_THRESHOLD = 0.5
#: A pair this likely joins its clusters even when they conflict (a shared document or phone).
CONFLICT_OVERRIDE = 0.99
#: Pairs from REVIEW_LOW (included) to REVIEW_HIGH (excluded) go to the review queue.
REVIEW_LOW = 0.2
REVIEW_HIGH = MATCH_THRESHOLD


def band_split(low: float, high: float) -> float:
    """The probability that splits the review band into its more and its less likely half."""
    return (low + high) / 2


def in_band(probability: float, low: float, high: float) -> bool:
    return low <= probability < high

"""The review band of match probabilities, split for the queue's filter (pure)."""


def band_split(low: float, high: float) -> float:
    """The probability that splits the review band into its more and its less likely half."""
    return (low + high) / 2


def in_band(probability: float, low: float, high: float) -> bool:
    return low <= probability < high

"""Synthetic demo and benchmark data, generated in independent stages (pure data lists aside).

``persons`` writes persons with their documents, consents, access rows and blinded search keys;
``screenings``, ``protection`` and ``justice`` add the later steps of the flow for some of those
persons, up to criminal cases followed from investigation to compensation. Every stage is
deterministic for a given seed and reference date, and streams its rows in batches.
"""

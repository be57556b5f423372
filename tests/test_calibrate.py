"""Calibration of events' confidence: the fitting, the map, the shipped table."""

from __future__ import annotations

import doctest

from homologue.extract import calibrate
from homologue.extract.calibrate import calibrated, isotonic, load_calibration


def test_doctests_run():
    result = doctest.testmod(calibrate)
    assert result.attempted > 0 and result.failed == 0


def test_the_fitted_map_never_decreases():
    points = [(0.1, False), (0.2, True), (0.3, False), (0.5, True), (0.6, False), (0.9, True)]
    xs, ys = isotonic(points)
    assert xs == sorted(xs) and ys == sorted(ys)
    assert len(xs) < len(points)  # violators were pooled
    assert (xs, ys) == ([0.1, 0.25, 0.55, 0.9], [0.0, 0.5, 0.5, 1.0])  # pooled in twos


def test_the_shipped_map_is_monotone_and_bounded():
    table = load_calibration()
    assert table is not None, "run make train to fit models/calibration.json"
    xs, ys = table
    assert list(xs) == sorted(xs) and list(ys) == sorted(ys)
    assert all(0.0 <= y <= 1.0 for y in ys)
    values = [calibrated(x / 100, table) for x in range(101)]
    assert values == sorted(values)


def test_without_a_table_confidence_is_unchanged():
    assert calibrated(0.42, None) == 0.42

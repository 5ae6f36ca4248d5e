"""The growth table flags a page whose query count changes with the catalog's size."""

from benchmarks.growth import Row, flat


def test_a_page_with_the_same_query_count_at_every_size_is_flat():
    rows = [Row("compare", "2×7", 10, 18, 14), Row("compare", "20×100", 400, 18, 2000)]
    assert flat(rows) == {"compare": True}


def test_a_query_count_that_grows_with_size_is_not_flat():
    rows = [Row("team", "10", 5, 7), Row("team", "1000", 900, 1007)]
    assert flat(rows) == {"team": False}


def test_a_page_that_was_not_run_does_not_count_against_flatness():
    rows = [Row("wizard", "6", 40, 24), Row("wizard", "30", 0, 0, note="NOT RUN")]
    assert flat(rows) == {"wizard": True}


def test_time_per_cell_is_in_microseconds():
    assert Row("compare", "5×20", 50.0, 18, 100).us_per_cell == 500

"""What the catalog checks say about an edited copy of the shipped catalog file."""

import json

import pytest

from comparisons.catalog import CatalogInvalid, parse_catalog


def problems_for(raw: dict) -> list[str]:
    """The problems `parse_catalog` reports for `raw`, which must be refused."""
    with pytest.raises(CatalogInvalid) as invalid:
        parse_catalog(json.dumps(raw))
    return [str(problem) for problem in invalid.value.problems]

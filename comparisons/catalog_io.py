"""The catalog file's public API under its former name; the code is in `comparisons.catalog`.

Kept so existing importers (tests/conftest.py and any code written against the old path)
keep working; new code imports from `comparisons.catalog`.
"""

from .catalog import (
    CatalogInvalid,
    LoadReport,
    Problem,
    catalog_to_json,
    dump_catalog,
    load_catalog,
    parse_catalog,
)

__all__ = [
    "CatalogInvalid",
    "LoadReport",
    "Problem",
    "catalog_to_json",
    "dump_catalog",
    "load_catalog",
    "parse_catalog",
]

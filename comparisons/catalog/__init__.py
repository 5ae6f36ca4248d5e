"""The catalog file (docs/catalog-format.md): validate it, load it, dump the database back.

- `validate`: text to a `CatalogFile`, or `CatalogInvalid` listing every `Problem` with its
  JSON path.
- `load`: a `CatalogFile` into the database, an idempotent upsert in one transaction that
  bumps the catalog revision once; `sync` is its row-by-row writer and `LoadReport`.
- `dump`: the database back to a `CatalogFile` and to JSON text, so load, dump, load is stable.

The field mapping between file and database is derived from the pydantic entries in
`comparisons/schemas.py`: a field with the same name on both sides needs no code here.
"""

from .dump import catalog_to_json, dump_catalog
from .load import load_catalog
from .sync import LoadReport
from .validate import CatalogInvalid, Problem, parse_catalog

__all__ = [
    "CatalogInvalid",
    "LoadReport",
    "Problem",
    "catalog_to_json",
    "dump_catalog",
    "load_catalog",
    "parse_catalog",
]

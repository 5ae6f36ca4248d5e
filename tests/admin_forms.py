"""Form data for admin change pages with inlines, as the browser would post it."""


def inline_rows(prefix: str, rows: list[dict], initial: int | None = None) -> dict:
    """An inline formset's management form and rows; the first `initial` rows already exist
    (all of them unless said otherwise)."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(rows) if initial is None else initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{field}": value for field, value in row.items()}
    return data

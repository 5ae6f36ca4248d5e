"""Upsert rows of one model by key and report what changed: the loader's only writer."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        kinds = sorted(
            set(self.created) | set(self.updated) | set(self.unchanged) | set(self.deleted)
        )
        lines = [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.deleted[kind]} deleted, {self.unchanged[kind]} unchanged"
            for kind in kinds
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class Row:
    """One row the file asks for: its key, plain field values and many-to-many ids."""

    key: Any
    values: dict[str, Any]
    m2m: dict[str, list[int]] = field(default_factory=dict)


class Sync:
    """Upserts rows of one model by key, comparing before writing so reruns change nothing."""

    def __init__(self, report: LoadReport, prune: bool):
        self.report = report
        self.prune = prune

    def owned(self) -> "Sync":
        """A sync for rows owned by a parent (steps, choices, weights): the file's list is the
        whole truth for them, so rows it leaves out always go, whatever `prune` says."""
        return Sync(self.report, prune=True)

    def __call__(
        self,
        model: type[models.Model],
        key: Callable[[Any], Any],
        rows: Iterable[Row],
        *,
        scope: models.QuerySet | None = None,
        prefetch: tuple[str, ...] = (),
        into: dict[Any, models.Model] | None = None,
    ) -> dict[Any, models.Model]:
        """Upsert `rows`; `into` fills as rows go, so lazy `rows` may refer to earlier ones."""
        kind = str(model._meta.verbose_name_plural)
        queryset = scope if scope is not None else model.objects.all()
        existing = {key(obj): obj for obj in queryset.prefetch_related(*prefetch)}
        result: dict[Any, models.Model] = {} if into is None else into
        for row in rows:
            obj = existing.pop(row.key, None)
            if obj is None:
                obj = self._create(model, row, kind)
            else:
                self._update(obj, row, kind)
            result[row.key] = obj
        if self.prune:
            for obj in existing.values():
                self.report.changes.append(f"- {kind}: {obj}")
                obj.delete()
                self.report.deleted[kind] += 1
        return result

    def _create(self, model: type[models.Model], row: Row, kind: str) -> models.Model:
        obj = model(**row.values)
        obj.save()
        for name, ids in row.m2m.items():
            getattr(obj, name).set(ids)
        self.report.created[kind] += 1
        self.report.changes.append(f"+ {kind}: {obj}")
        return obj

    def _update(self, obj: models.Model, row: Row, kind: str) -> None:
        changed = [f for f, v in row.values.items() if getattr(obj, f) != v]
        m2m_changed = {
            name: ids
            for name, ids in row.m2m.items()
            if set(ids) != {o.pk for o in getattr(obj, name).all()}
        }
        if not (changed or m2m_changed):
            self.report.unchanged[kind] += 1
            return
        for name in changed:
            setattr(obj, name, row.values[name])
        obj.save(update_fields=changed or None)  # a versioned row advances its version
        for name, ids in m2m_changed.items():
            getattr(obj, name).set(ids)
        self.report.updated[kind] += 1
        self.report.changes.append(f"~ {kind}: {obj} ({', '.join([*changed, *m2m_changed])})")

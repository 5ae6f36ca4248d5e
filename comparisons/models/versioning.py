"""Optimistic locking: a row's `version` says which edit of it a form was based on.

An editor's form carries the version it was rendered with. Saving claims the row with one
conditional UPDATE (`version = expected` → `version + 1`), so of two editors who started from
the same version exactly one wins; the other gets `VersionConflict` and, through the form
(comparisons/editing/locking.py), a message showing the newer values. Writers that do not
start from a form (the catalog loader, scripts)
save as usual: every save of an existing row advances `version` (`Versioned.save`).
"""

from django.db import models, transaction
from django.db.models import F


class VersionConflict(Exception):
    """The row moved on since the version the editor's form was based on."""

    def __init__(self, obj: models.Model, expected: int):
        super().__init__(f"{obj._meta.label} {obj.pk} is no longer at version {expected}")
        self.obj = obj
        self.expected = expected


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        default=1, help_text="Counts saved edits; a save based on an older version is refused."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        """Every save of an existing row advances its version, so any form based on the old
        one is refused; a save expecting a version claims the row first."""
        expected = self.__dict__.pop("_expected_version", None)
        if self.pk is None or self._state.adding:
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        row = type(self)._default_manager.filter(pk=self.pk)
        with transaction.atomic(using=kwargs.get("using")):
            if expected is None:
                # Last write wins; the version advances from the stored one, which this
                # instance may not know (a script's stale copy, a reverted old record).
                row.update(version=F("version") + 1)
                self.version = row.values_list("version", flat=True).first() or 1
            elif row.filter(version=expected).update(version=F("version") + 1):
                self.version = expected + 1
            else:
                raise VersionConflict(self, expected)
            super().save(*args, **kwargs)

    def expect_version(self, expected: int) -> None:
        """Make the next `save()` succeed only if the row is still at `expected`."""
        self._expected_version = expected

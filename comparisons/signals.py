"""Every write to the catalog or the wizard rules bumps the catalog revision.

The bump runs in the writer's transaction, so a rolled-back edit leaves the revision alone and
no reader sees new data under an old revision. An editor's save bumps it once per row; a bulk
writer such as the catalog loader wraps its writes in `one_revision_bump()` to bump it once.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import models

WATCHED = [
    models.Source,
    models.Tool,
    models.Capability,
    models.Rating,
    models.Survey,
    models.SurveyFigure,
    models.Finding,
    models.ProCon,
    models.Outcome,
    models.UseCase,
    models.UseCaseStep,
    models.Question,
    models.Choice,
    models.Weight,
    models.OutcomePrerequisite,
    models.WizardInvariant,
]
WATCHED_M2M = [
    models.Rating.sources.through,
    models.Finding.sources.through,
    models.ProCon.sources.through,
    models.UseCase.sources.through,
    models.Outcome.tools.through,
    models.Weight.capabilities.through,
    models.OutcomePrerequisite.choices.through,
    models.WizardInvariant.outcomes.through,
    models.WizardInvariant.when.through,
]


@dataclass
class _Batch:
    writes: int = 0


# A context variable rather than a global, so a batch in one thread or task never swallows the
# bumps of an editor saving concurrently in another.
_batch: ContextVar[_Batch | None] = ContextVar("catalog_revision_batch", default=None)


@contextmanager
def one_revision_bump() -> Iterator[_Batch]:
    """Writes inside bump the revision once, at the end, instead of once per row.

    Use it inside `transaction.atomic()`: the single bump joins that transaction. There is no
    bump when nothing was written, when the block raises, or when it is marked for rollback
    (a dry run), so a reader never sees a new revision without new data.
    """
    if (outer := _batch.get()) is not None:  # nested: the outermost block bumps
        yield outer
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)
    if batch.writes and not transaction.get_rollback():
        models.CatalogRevision.bump()


def bump_revision(sender, **kwargs) -> None:
    # `loaddata` saves rows raw and is not bumped: it fills a fresh database, where no page
    # is cached yet. After loading a Django fixture into a live database, call
    # `CatalogRevision.bump()` by hand. The catalog file goes through `load_catalog`, which bumps.
    if kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    batch = _batch.get()
    if batch is not None:
        batch.writes += 1
        return
    models.CatalogRevision.bump()


for model in WATCHED:
    post_save.connect(bump_revision, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
    post_delete.connect(bump_revision, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
for through in WATCHED_M2M:
    m2m_changed.connect(bump_revision, sender=through, dispatch_uid=f"bump-m2m-{through.__name__}")

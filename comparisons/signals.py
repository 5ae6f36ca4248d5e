"""Every write to the catalog or the wizard rules bumps the catalog revision.

The bump runs in the writer's transaction, so a rolled-back edit leaves the revision alone and
no reader sees new data under an old revision.
"""

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
]
WATCHED_M2M = [
    models.Rating.sources.through,
    models.Finding.sources.through,
    models.ProCon.sources.through,
    models.UseCase.sources.through,
    models.Outcome.tools.through,
]


def bump_revision(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata of a fixture: the loader bumps once itself
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    models.CatalogRevision.bump()


for model in WATCHED:
    post_save.connect(bump_revision, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
    post_delete.connect(bump_revision, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
for through in WATCHED_M2M:
    m2m_changed.connect(bump_revision, sender=through, dispatch_uid=f"bump-m2m-{through.__name__}")

"""Load and dump the catalog file: validation with every problem reported, idempotent upsert.

`parse_catalog` turns text into a validated `CatalogFile` or raises `CatalogInvalid` listing
every problem with its JSON path. `load_catalog` makes the database match the file in one
transaction and reports what changed; a second run changes nothing. `dump_catalog` writes the
same format back, so load -> dump -> load is stable.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from pydantic import ValidationError

from . import models as m
from .models.catalog import LEVEL_SLUG_BY_VALUE, LEVEL_SLUGS
from .schemas import (
    CATALOG_FORMAT,
    CapabilityEntry,
    CatalogFile,
    ChoiceEntry,
    FigureEntry,
    FindingEntry,
    OutcomeEntry,
    ProConEntry,
    QuestionEntry,
    RatingEntry,
    SourceEntry,
    StepEntry,
    SurveyEntry,
    ToolEntry,
    UseCaseEntry,
    WizardEntry,
)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class CatalogInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the catalog file")


# --- Parsing and validation -------------------------------------------------------------


def json_path(loc: Iterable[str | int]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def parse_catalog(text: str) -> CatalogFile:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogInvalid(
            [
                Problem(
                    "$", f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
                )
            ]
        ) from None
    problems: list[Problem] = []
    catalog = None
    try:
        catalog = CatalogFile.model_validate(raw)
    except ValidationError as error:
        problems += [Problem(json_path(e["loc"]), _readable(e)) for e in error.errors()]
    problems += reference_problems(raw)
    if problems:
        raise CatalogInvalid(problems)
    assert catalog is not None
    return catalog


def _readable(error: dict[str, Any]) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown field (check its spelling in docs/catalog-format.md)"
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "literal_error" and error["loc"] == ("format",):
        return f"must be {CATALOG_FORMAT!r}"
    return error["msg"]


def _items(raw: Any, key: str) -> list[tuple[int, dict]]:
    """The dict entries of one top-level list, tolerating any shape (validation reports it)."""
    value = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _slugs(raw: Any, key: str, problems: list[Problem]) -> set[str]:
    """Slugs of one list, reporting duplicates."""
    seen: set[str] = set()
    for i, item in _items(raw, key):
        slug = item.get("slug")
        if not isinstance(slug, str):
            continue
        if slug in seen:
            problems.append(Problem(f"$.{key}[{i}].slug", f"duplicate slug {slug!r}"))
        seen.add(slug)
    return seen


def _via_loops(raw: Any, start: Any) -> bool:
    via = {item.get("slug"): item.get("via") for _, item in _items(raw, "sources")}
    current, steps = via.get(start), 0
    while isinstance(current, str) and steps <= len(via):
        if current == start:
            return True
        current, steps = via.get(current), steps + 1
    return False


def reference_problems(raw: Any) -> list[Problem]:
    """Cross-references the schema cannot see: duplicate slugs and unknown slugs."""
    problems: list[Problem] = []
    sources = _slugs(raw, "sources", problems)
    tools = _slugs(raw, "tools", problems)
    capabilities = _slugs(raw, "capabilities", problems)
    outcomes = _slugs(raw, "outcomes", problems)
    for key in ("surveys", "findings", "pros_cons", "use_cases"):
        _slugs(raw, key, problems)

    def check(path: str, value: Any, known: set[str], kind: str) -> None:
        if isinstance(value, str) and value not in known:
            problems.append(Problem(path, f"unknown {kind} {value!r}"))

    def check_sources(path: str, item: dict) -> None:
        refs = item.get("sources")
        if isinstance(refs, list):
            for j, ref in enumerate(refs):
                check(f"{path}.sources[{j}]", ref, sources, "source")

    for i, item in _items(raw, "sources"):
        check(f"$.sources[{i}].via", item.get("via"), sources, "source")
        if item.get("via") is not None and item.get("via") == item.get("slug"):
            problems.append(Problem(f"$.sources[{i}].via", "a source cannot cite itself"))
        if _via_loops(raw, item.get("slug")):
            problems.append(Problem(f"$.sources[{i}].via", "the `via` chain loops back here"))
        if item.get("published_on") is None and item.get("via") is None:
            problems.append(
                Problem(
                    f"$.sources[{i}].published_on",
                    "a source needs its publication date, or `via` naming where it was cited",
                )
            )
    cells: set[tuple[str, str]] = set()
    for i, item in _items(raw, "ratings"):
        path = f"$.ratings[{i}]"
        check(f"{path}.tool", item.get("tool"), tools, "tool")
        check(f"{path}.capability", item.get("capability"), capabilities, "capability")
        check_sources(path, item)
        cell = (item.get("tool"), item.get("capability"))
        if all(isinstance(part, str) for part in cell):
            if cell in cells:
                problems.append(Problem(path, f"a second rating for {cell[0]} / {cell[1]}"))
            cells.add(cell)
    for i, item in _items(raw, "surveys"):
        path = f"$.surveys[{i}]"
        check(f"{path}.source", item.get("source"), sources, "source")
        figure_slugs: set[str] = set()
        figures = item.get("figures")
        for j, figure in enumerate(figures if isinstance(figures, list) else []):
            if not isinstance(figure, dict):
                continue
            check(f"{path}.figures[{j}].tool", figure.get("tool"), tools, "tool")
            slug = figure.get("slug")
            if isinstance(slug, str):
                if slug in figure_slugs:
                    problems.append(
                        Problem(f"{path}.figures[{j}].slug", f"duplicate slug {slug!r}")
                    )
                figure_slugs.add(slug)
    for key in ("findings", "pros_cons"):
        for i, item in _items(raw, key):
            check(f"$.{key}[{i}].tool", item.get("tool"), tools, "tool")
            check_sources(f"$.{key}[{i}]", item)
    for i, item in _items(raw, "outcomes"):
        refs = item.get("tools")
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            check(f"$.outcomes[{i}].tools[{j}]", ref, tools, "tool")
    for i, item in _items(raw, "use_cases"):
        check(f"$.use_cases[{i}].outcome", item.get("outcome"), outcomes, "outcome")
        check_sources(f"$.use_cases[{i}]", item)
    wizard = raw.get("wizard") if isinstance(raw, dict) else None
    _slugs(wizard, "questions", problems)
    for i, question in _items(wizard, "questions"):
        path = f"$.wizard.questions[{i}]"
        choice_slugs: set[str] = set()
        for j, choice in _items(question, "choices"):
            slug = choice.get("slug")
            if isinstance(slug, str):
                if slug in choice_slugs:
                    problems.append(
                        Problem(f"{path}.choices[{j}].slug", f"duplicate slug {slug!r}")
                    )
                choice_slugs.add(slug)
            points = choice.get("points")
            for outcome in points if isinstance(points, dict) else {}:
                check(f"{path}.choices[{j}].points.{outcome}", outcome, outcomes, "outcome")
    return problems


# --- Loading ----------------------------------------------------------------------------


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
        kind = model._meta.verbose_name_plural
        queryset = scope if scope is not None else model.objects.all()
        existing = {key(obj): obj for obj in queryset.prefetch_related(*prefetch)}
        result: dict[Any, models.Model] = {} if into is None else into
        for row in rows:
            obj = existing.pop(row.key, None)
            if obj is None:
                obj = model(**row.values)
                obj.save()
                for name, ids in row.m2m.items():
                    getattr(obj, name).set(ids)
                self.report.created[kind] += 1
                self.report.changes.append(f"+ {kind}: {obj}")
            else:
                self._update(obj, row, kind)
            result[row.key] = obj
        if self.prune:
            for obj in existing.values():
                self.report.changes.append(f"- {kind}: {obj}")
                obj.delete()
                self.report.deleted[kind] += 1
        return result

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
        if hasattr(obj, "version"):
            obj.version += 1
            changed.append("version")
        obj.save(update_fields=changed or None)
        for name, ids in m2m_changed.items():
            getattr(obj, name).set(ids)
        self.report.updated[kind] += 1
        self.report.changes.append(f"~ {kind}: {obj} ({', '.join([*changed, *m2m_changed])})")


def load_catalog(catalog: CatalogFile, *, dry_run: bool = False, prune: bool = False) -> LoadReport:
    """Make the database hold what the file says, in one transaction.

    Rows the file does not mention are kept unless `prune` is set. With `dry_run` every change
    is made and reported, then rolled back.
    """
    report = LoadReport()
    sync = Sync(report, prune)
    with transaction.atomic():
        _load(catalog, sync)
        if dry_run:
            transaction.set_rollback(True)
    return report


def cited_first(entries: list[SourceEntry]) -> list[SourceEntry]:
    """Sources ordered so each follows the one it was read `via` (validation rules out loops)."""
    by_slug = {s.slug: s for s in entries}
    done: dict[str, SourceEntry] = {}

    def visit(entry: SourceEntry) -> None:
        if entry.slug in done:
            return
        if entry.via:
            visit(by_slug[entry.via])
        done[entry.slug] = entry

    for entry in entries:
        visit(entry)
    return list(done.values())


def by_slug(obj: Any) -> str:
    return obj.slug


def _load(catalog: CatalogFile, sync: Sync) -> None:
    # A source cited `via` another is written after it, so its foreign key can be set at once.
    sources: dict[Any, models.Model] = {}
    position = {s.slug: i for i, s in enumerate(catalog.sources)}
    sync(
        m.Source,
        by_slug,
        (
            Row(
                s.slug,
                {
                    "slug": s.slug,
                    "title": s.title,
                    "publisher": s.publisher,
                    "url": s.url,
                    "published_on": s.published_on,
                    "date_precision": s.date_precision,
                    "kind": s.kind,
                    "via_id": sources[s.via].pk if s.via else None,
                    "order": position[s.slug],
                },
            )
            for s in cited_first(catalog.sources)
        ),
        into=sources,
    )

    def source_ids(slugs: list[str]) -> list[int]:
        return [sources[slug].pk for slug in slugs]

    tools = sync(m.Tool, by_slug, [_tool_row(i, t) for i, t in enumerate(catalog.tools)])
    capabilities = sync(
        m.Capability,
        by_slug,
        [
            Row(
                c.slug,
                {
                    "slug": c.slug,
                    "name": c.name,
                    "description": c.description,
                    "group": c.group,
                    "order": i,
                },
            )
            for i, c in enumerate(catalog.capabilities)
        ],
    )
    sync(
        m.Rating,
        lambda r: (r.tool_id, r.capability_id),
        [
            Row(
                (tools[r.tool].pk, capabilities[r.capability].pk),
                {
                    "tool_id": tools[r.tool].pk,
                    "capability_id": capabilities[r.capability].pk,
                    "level": LEVEL_SLUGS[r.level],
                    "summary": r.summary,
                    "note": r.note,
                    "reviewed_on": r.reviewed_on,
                },
                {"sources": source_ids(r.sources)},
            )
            for r in catalog.ratings
        ],
        prefetch=("sources",),
    )
    surveys = sync(
        m.Survey,
        by_slug,
        [
            Row(
                s.slug,
                {
                    "slug": s.slug,
                    "title": s.title,
                    "publisher": s.publisher,
                    "year": s.year,
                    "sample_size": s.sample_size,
                    "source_id": sources[s.source].pk,
                    "order": i,
                },
            )
            for i, s in enumerate(catalog.surveys)
        ],
    )
    sync(
        m.SurveyFigure,
        lambda f: (f.survey_id, f.slug),
        [
            Row(
                (surveys[s.slug].pk, f.slug),
                {
                    "survey_id": surveys[s.slug].pk,
                    "slug": f.slug,
                    "label": f.label,
                    "percent": f.percent,
                    "tool_id": tools[f.tool].pk if f.tool else None,
                    "note": f.note,
                    "order": j,
                },
            )
            for s in catalog.surveys
            for j, f in enumerate(s.figures)
        ],
    )
    sync(
        m.Finding,
        by_slug,
        [
            Row(
                f.slug,
                {
                    "slug": f.slug,
                    "tool_id": tools[f.tool].pk if f.tool else None,
                    "kind": f.kind,
                    "title": f.title,
                    "text": f.text,
                    "order": i,
                },
                {"sources": source_ids(f.sources)},
            )
            for i, f in enumerate(catalog.findings)
        ],
        prefetch=("sources",),
    )
    sync(
        m.ProCon,
        by_slug,
        [
            Row(
                p.slug,
                {
                    "slug": p.slug,
                    "tool_id": tools[p.tool].pk,
                    "kind": p.kind,
                    "text": p.text,
                    "order": i,
                },
                {"sources": source_ids(p.sources)},
            )
            for i, p in enumerate(catalog.pros_cons)
        ],
        prefetch=("sources",),
    )
    outcomes = sync(
        m.Outcome,
        by_slug,
        [
            Row(
                o.slug,
                {"slug": o.slug, "name": o.name, "summary": o.summary, "order": i},
                {"tools": [tools[t].pk for t in o.tools]},
            )
            for i, o in enumerate(catalog.outcomes)
        ],
        prefetch=("tools",),
    )
    use_cases = sync(
        m.UseCase,
        by_slug,
        [
            Row(
                u.slug,
                {
                    "slug": u.slug,
                    "title": u.title,
                    "summary": u.summary,
                    "stage": u.stage,
                    "outcome_id": outcomes[u.outcome].pk,
                    "order": i,
                },
                {"sources": source_ids(u.sources)},
            )
            for i, u in enumerate(catalog.use_cases)
        ],
        prefetch=("sources",),
    )
    _load_wizard(catalog, sync, outcomes)
    # Steps belong to their use case: the file's list is the whole truth, so extra steps
    # always go, whatever `prune` says.
    for u in catalog.use_cases:
        use_case = use_cases[u.slug]
        Sync(sync.report, prune=True)(
            m.UseCaseStep,
            lambda s: (s.use_case_id, s.order),
            [
                Row(
                    (use_case.pk, j),
                    {
                        "use_case_id": use_case.pk,
                        "order": j,
                        "name": step.name,
                        "detail": step.detail,
                    },
                )
                for j, step in enumerate(u.steps)
            ],
            scope=m.UseCaseStep.objects.filter(use_case=use_case),
        )


def _load_wizard(catalog: CatalogFile, sync: Sync, outcomes: dict[Any, models.Model]) -> None:
    questions = sync(
        m.Question,
        by_slug,
        [
            Row(q.slug, {"slug": q.slug, "prompt": q.prompt, "help_text": q.help_text, "order": i})
            for i, q in enumerate(catalog.wizard.questions)
        ],
    )
    # Choices and weights belong to their question: the file's lists are the whole truth.
    for q in catalog.wizard.questions:
        question = questions[q.slug]
        choices = Sync(sync.report, prune=True)(
            m.Choice,
            by_slug,
            [
                Row(
                    c.slug,
                    {"question_id": question.pk, "slug": c.slug, "label": c.label, "order": j},
                )
                for j, c in enumerate(q.choices)
            ],
            scope=m.Choice.objects.filter(question=question),
        )
        for c in q.choices:
            choice = choices[c.slug]
            Sync(sync.report, prune=True)(
                m.Weight,
                lambda w: w.outcome_id,
                [
                    Row(
                        outcomes[slug].pk,
                        {"choice_id": choice.pk, "outcome_id": outcomes[slug].pk, "points": points},
                    )
                    for slug, points in c.points.items()
                ],
                scope=m.Weight.objects.filter(choice=choice),
            )


def _tool_row(i: int, t: ToolEntry) -> Row:
    return Row(
        t.slug,
        {
            "slug": t.slug,
            "name": t.name,
            "tagline": t.tagline,
            "focus": t.focus,
            "description": t.description,
            "homepage": t.homepage,
            "licence": t.licence,
            "is_published": t.published,
            "order": i,
        },
    )


# --- Dumping ----------------------------------------------------------------------------


def dump_catalog() -> CatalogFile:
    """The database's catalog in the file format, in display order."""
    sources = list(m.Source.objects.select_related("via"))
    return CatalogFile(
        format=CATALOG_FORMAT,
        sources=[
            SourceEntry(
                slug=s.slug,
                title=s.title,
                publisher=s.publisher,
                url=s.url,
                published_on=s.published_on,
                date_precision=s.date_precision,
                kind=s.kind,
                via=s.via.slug if s.via else None,
            )
            for s in sources
        ],
        tools=[
            ToolEntry(
                slug=t.slug,
                name=t.name,
                tagline=t.tagline,
                focus=t.focus,
                description=t.description,
                homepage=t.homepage,
                licence=t.licence,
                published=t.is_published,
            )
            for t in m.Tool.objects.all()
        ],
        capabilities=[
            CapabilityEntry(slug=c.slug, name=c.name, description=c.description, group=c.group)
            for c in m.Capability.objects.all()
        ],
        ratings=[
            RatingEntry(
                tool=r.tool.slug,
                capability=r.capability.slug,
                level=LEVEL_SLUG_BY_VALUE[r.level],
                summary=r.summary,
                note=r.note,
                sources=_source_slugs(r),
                reviewed_on=r.reviewed_on,
            )
            for r in m.Rating.objects.select_related("tool", "capability")
            .prefetch_related("sources")
            .order_by("capability__order", "capability__slug", "tool__order", "tool__slug")
        ],
        surveys=[
            SurveyEntry(
                slug=s.slug,
                title=s.title,
                publisher=s.publisher,
                year=s.year,
                sample_size=s.sample_size,
                source=s.source.slug,
                figures=[
                    FigureEntry(
                        slug=f.slug,
                        label=f.label,
                        percent=f.percent,
                        tool=f.tool.slug if f.tool else None,
                        note=f.note,
                    )
                    for f in s.figures.all()
                ],
            )
            for s in m.Survey.objects.select_related("source").prefetch_related(
                models.Prefetch("figures", m.SurveyFigure.objects.select_related("tool"))
            )
        ],
        findings=[
            FindingEntry(
                slug=f.slug,
                tool=f.tool.slug if f.tool else None,
                kind=f.kind,
                title=f.title,
                text=f.text,
                sources=_source_slugs(f),
            )
            for f in m.Finding.objects.select_related("tool").prefetch_related("sources")
        ],
        pros_cons=[
            ProConEntry(
                slug=p.slug, tool=p.tool.slug, kind=p.kind, text=p.text, sources=_source_slugs(p)
            )
            for p in m.ProCon.objects.select_related("tool")
            .prefetch_related("sources")
            .order_by("order", "slug")
        ],
        outcomes=[
            OutcomeEntry(
                slug=o.slug,
                name=o.name,
                summary=o.summary,
                tools=[t.slug for t in o.tools.all()],
            )
            for o in m.Outcome.objects.prefetch_related("tools")
        ],
        use_cases=[
            UseCaseEntry(
                slug=u.slug,
                title=u.title,
                summary=u.summary,
                stage=u.stage,
                outcome=u.outcome.slug,
                steps=[StepEntry(name=s.name, detail=s.detail) for s in u.steps.all()],
                sources=_source_slugs(u),
            )
            for u in m.UseCase.objects.select_related("outcome").prefetch_related(
                "steps", "sources"
            )
        ],
        wizard=WizardEntry(
            questions=[
                QuestionEntry(
                    slug=q.slug,
                    prompt=q.prompt,
                    help_text=q.help_text,
                    choices=[
                        ChoiceEntry(
                            slug=c.slug,
                            label=c.label,
                            points={w.outcome.slug: w.points for w in c.weights.all()},
                        )
                        for c in q.choices.all()
                    ],
                )
                for q in m.Question.objects.prefetch_related(
                    models.Prefetch(
                        "choices",
                        m.Choice.objects.order_by("order", "slug").prefetch_related(
                            models.Prefetch(
                                "weights",
                                m.Weight.objects.select_related("outcome").order_by(
                                    "outcome__order", "outcome__slug"
                                ),
                            )
                        ),
                    )
                )
            ]
        ),
    )


def _source_slugs(obj: Any) -> list[str]:
    # Sources are listed in bibliography order, so the dump is the same whatever the
    # order in which they were attached.
    return [s.slug for s in sorted(obj.sources.all(), key=lambda s: (s.order, s.slug))]


def catalog_to_json(catalog: CatalogFile) -> str:
    data = catalog.model_dump(mode="json", exclude_defaults=True)
    data = {"format": catalog.format, **data}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

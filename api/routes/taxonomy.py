"""Taxonomy concepts and statistics."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import RuntimeDep
from api.routes.paging import LangQuery
from api.schemas import ConceptOut, LabelOut, SkillRef, TaxonomyInfo
from matcher.search.skill_autocomplete import MAX_QUERY_CHARS
from taxonomy.concepts import IscoGroup, Occupation, Skill, label_langs
from taxonomy.taxonomy import Taxonomy

router = APIRouter(prefix="/v1/taxonomy", tags=["taxonomy"])


def _skill_refs(
    taxonomy: Taxonomy, uris: tuple[str, ...], langs: tuple[str, ...]
) -> list[SkillRef]:
    refs = []
    for uri in uris:
        skill = taxonomy.skills.get(uri)
        if skill is None:
            continue
        label = skill.label(langs)
        refs.append(
            SkillRef(uri=uri, label=label.text, lang=label.lang, type=skill.skill_type.value)
        )
    return refs


@router.get("", response_model=TaxonomyInfo)
def taxonomy_info(runtime: RuntimeDep) -> TaxonomyInfo:
    """Version, checksum and statistics of the active taxonomy."""
    tax = runtime.taxonomy
    return TaxonomyInfo(
        version=tax.version,
        checksum=tax.checksum,
        skills=len(tax.skills),
        occupations=len(tax.occupations),
        stats=asdict(tax.stats()),
    )


@router.get("/concepts", response_model=ConceptOut)
def get_concept(
    runtime: RuntimeDep,
    uri: Annotated[
        str,
        Query(
            description="ESCO concept URI",
            examples=["http://data.europa.eu/esco/occupation/0b15375e-dfdd-4047-9efb-096e0aaee7d2"],
        ),
    ],
    lang: LangQuery = "nl",
) -> ConceptOut:
    """One concept (skill, occupation, ISCO or skill group) with its labels and skills."""
    tax = runtime.taxonomy
    langs = label_langs(lang)
    concept = tax.get(uri)
    label = concept.label(langs)
    description = concept.description.get(label.lang) or next(
        iter(concept.description.values()), None
    )
    out = ConceptOut(
        uri=uri,
        kind={Skill: "skill", Occupation: "occupation", IscoGroup: "isco_group"}.get(
            type(concept), "skill_group"
        ),
        label=LabelOut(text=label.text, lang=label.lang),
        labels=[LabelOut(text=lab.text, lang=lab.lang) for lab in concept.labels.all_labels()],
        description=description,
    )
    if isinstance(concept, Skill):
        out.type = concept.skill_type.value
        out.is_language = concept.is_language
    if isinstance(concept, Occupation):
        out.isco_code = concept.isco_code
        out.essential_skills = _skill_refs(tax, concept.essential_skills, langs)
        out.optional_skills = _skill_refs(tax, concept.optional_skills, langs)
    return out


@router.get("/skills/search")
def search_skills(
    runtime: RuntimeDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            description="What was typed",
            examples=["samenwerk"],
        ),
    ],
    lang: LangQuery = "nl",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[dict]:
    """Skill autocomplete (Dutch labels first): for adding a skill to a profile by hand."""
    return [s.as_dict() for s in runtime.skill_autocomplete.suggest(q, lang=lang, limit=limit)]

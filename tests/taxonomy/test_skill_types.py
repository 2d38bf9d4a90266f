from taxonomy.concepts import SkillType
from taxonomy.skill_types import skill_type_for
from tests.esco_fixture import SKILL


def test_transversal_collection_membership_wins_over_esco_type():
    assert skill_type_for("knowledge", {"transversal"}) is SkillType.SOFT_SKILLS
    assert skill_type_for("skill/competence", {"digital", "transversal"}) is SkillType.SOFT_SKILLS


def test_knowledge_is_kennis_and_everything_else_is_vaardigheden():
    assert skill_type_for("knowledge", set()) is SkillType.KENNIS
    assert skill_type_for(" Knowledge ", {"digital"}) is SkillType.KENNIS
    assert skill_type_for("skill/competence", {"language"}) is SkillType.VAARDIGHEDEN
    assert skill_type_for("", ()) is SkillType.VAARDIGHEDEN


def test_loaded_skills_get_their_type_from_the_rule(toy_taxonomy):
    def skill(key):
        return toy_taxonomy.skill(SKILL[key].uri)

    assert skill("customer_orientation").skill_type is SkillType.SOFT_SKILLS
    assert skill("think_analytically").skill_type is SkillType.SOFT_SKILLS
    assert skill("nutrition").skill_type is SkillType.KENNIS
    assert skill("computer_programming").skill_type is SkillType.KENNIS
    assert skill("cash_register").skill_type is SkillType.VAARDIGHEDEN


def test_language_skills_keep_their_type_and_are_flagged(toy_taxonomy):
    dutch = toy_taxonomy.skill(SKILL["dutch"].uri)
    speak_dutch = toy_taxonomy.skill(SKILL["speak_dutch"].uri)
    assert dutch.is_language and dutch.skill_type is SkillType.KENNIS
    assert speak_dutch.is_language and speak_dutch.skill_type is SkillType.VAARDIGHEDEN
    assert not toy_taxonomy.skill(SKILL["cash_register"].uri).is_language

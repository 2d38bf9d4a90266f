"""Coverage scoring, near-skill credit, score parts, te_maken and the summary sentence."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.ranking.coverage import SkillCoverageScorer
from matcher.ranking.explanation import CoverageKind
from matcher.ranking.hard_filters import FilterName, FilterOutcome
from matcher.ranking.near_skills import NearNeighbours, NearSkillCredit
from matcher.ranking.scoring import MatchScorer, RankingWeights
from matcher.ranking.te_maken import TeMakenRule
from matcher.vectors.skill_weights import SkillWeights
from taxonomy.concepts import SkillType
from tests.matcher.match_helpers import profile, toy_skill_vectors, uri, vacancy


@pytest.fixture(scope="module")
def skill_vectors(toy_taxonomy, tmp_path_factory):
    return toy_skill_vectors(toy_taxonomy, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def near(skill_vectors) -> NearSkillCredit:
    # the toy taxonomy has only 666 skill pairs: the default 0.999 quantile is nearly its maximum
    return NearSkillCredit(random_quantile=0.99).fit(skill_vectors)


@pytest.fixture(scope="module")
def coverage(toy_taxonomy, skill_vectors, near) -> SkillCoverageScorer:
    weights = SkillWeights().fit(toy_taxonomy)
    return SkillCoverageScorer(toy_taxonomy, skill_vectors, weights, near)


@pytest.fixture(scope="module")
def scorer(coverage, toy_taxonomy) -> MatchScorer:
    return MatchScorer(coverage, TeMakenRule(toy_taxonomy))


def cosine(skill_vectors, a: str, b: str) -> float:
    return float(skill_vectors.similarity([uri(a)], [uri(b)])[0, 0])


# -- near-skill credit ------------------------------------------------------------------------


def test_calibrated_threshold_is_reached_by_few_random_pairs(skill_vectors, near):
    n = len(skill_vectors.uris)
    cos = skill_vectors.vectors @ skill_vectors.vectors.T
    pairs = cos[np.triu_indices(n, 1)]
    share_above = float((pairs >= near.threshold_).mean())
    assert 0 < share_above <= 1 - near.random_quantile + 0.01
    again = NearSkillCredit(random_quantile=near.random_quantile).fit(skill_vectors)
    assert again.threshold_ == near.threshold_  # deterministic


def test_credit_is_zero_below_the_threshold_and_rises_to_the_ceiling(near):
    t = near.threshold_
    cosines = np.array([t - 0.05, t, (t + 1) / 2, 0.999, 1.0])
    credit = near.credit(cosines)
    assert credit[0] == 0 and credit[1] == 0
    assert 0 < credit[2] < credit[3] <= near.ceiling
    assert credit[4] == pytest.approx(near.ceiling)
    assert np.all(np.diff(credit) >= 0)


@pytest.mark.parametrize("threshold", [0.3, 0.898, 1.0])
def test_the_credit_of_one_cosine_equals_the_array_credit(skill_vectors, threshold):
    near = NearSkillCredit(threshold=threshold).fit(skill_vectors)
    rng = np.random.default_rng(0)
    cosines = [*rng.uniform(-1, 1, 500), *(threshold + rng.uniform(-1e-6, 1e-6, 50)),
               threshold, 1.0, float("nan"), float("-inf")]  # fmt: skip
    expected = near.credit(np.array(cosines))
    got = np.array([near.credit_of(float(c)) for c in cosines])
    assert np.array_equal(got, expected)  # equal, not approximately
    steps = np.diff(expected[:500][np.argsort(cosines[:500])])
    assert np.all(steps <= near.slope * np.diff(np.sort(cosines[:500])) + 1e-12)


def test_a_fixed_threshold_is_kept(skill_vectors):
    assert NearSkillCredit(threshold=0.42).fit(skill_vectors).threshold_ == 0.42


@pytest.mark.parametrize("threshold", [0.3, 0.8, 1.01])
def test_near_neighbours_are_exactly_the_pairs_at_or_above_the_threshold(skill_vectors, threshold):
    vectors = skill_vectors.vectors
    table = NearNeighbours(vectors, threshold)
    asked = [3, -1, 0, 3, len(vectors) - 1]
    got = table.of(asked)
    assert got[1] is None  # an unknown skill (-1) has no neighbours
    assert got[0] is got[3]  # computed once, kept
    cosines = vectors @ vectors.T
    for row, found in zip(asked, got, strict=True):
        if row < 0:
            continue
        rows, near_cosines = found
        assert rows.tolist() == np.flatnonzero(cosines[:, row] >= threshold).tolist()
        assert near_cosines.dtype == np.float32
        np.testing.assert_allclose(near_cosines, cosines[rows, row], atol=1e-6)
    own_row_is_near = 3 in got[0][0].tolist()  # cosine 1 with itself
    assert own_row_is_near == (threshold <= 1)


def test_near_skill_gets_partial_credit_less_than_the_exact_skill(coverage, near, skill_vectors):
    assert cosine(skill_vectors, "python", "computer_programming") > near.threshold_
    required = [uri("computer_programming")]
    exact = coverage.cover(required, [], [uri("computer_programming")])
    close = coverage.cover(required, [], [uri("python"), uri("cooking_techniques")])
    unrelated = coverage.cover(required, [], [uri("cooking_techniques")])

    assert exact.essential_skill_coverage == 1.0
    assert 0 < close.essential_skill_coverage < exact.essential_skill_coverage
    assert unrelated.essential_skill_coverage == 0.0

    (match,) = close.matched
    assert match.kind is CoverageKind.NEAR
    assert (match.required, match.matched_by) == (uri("computer_programming"), uri("python"))
    assert match.cosine == pytest.approx(cosine(skill_vectors, "python", "computer_programming"))
    assert match.credit == pytest.approx(float(near.credit(match.cosine)))
    assert [m.uri for m in unrelated.missing_essential] == required


def test_the_closest_of_several_near_skills_is_the_match(coverage, skill_vectors, near):
    cos_python = cosine(skill_vectors, "computer_programming", "python")
    cos_js = cosine(skill_vectors, "computer_programming", "javascript")
    assert cos_python != cos_js and max(cos_python, cos_js) > near.threshold_
    found = coverage.cover([uri("computer_programming")], [], [uri("javascript"), uri("python")])
    closest = "python" if cos_python > cos_js else "javascript"
    assert found.matched[0].matched_by == uri(closest)
    assert found.matched[0].cosine == pytest.approx(max(cos_python, cos_js))


# -- coverage ---------------------------------------------------------------------------------


def test_a_rare_covered_skill_outweighs_a_generic_one(coverage):
    rare, generic = "cash_register", "customer_relationship"
    assert coverage.weights.weight(uri(rare)) > coverage.weights.weight(uri(generic))
    required = [uri(rare), uri(generic)]
    with_rare = coverage.cover(required, [], [uri(rare)])
    with_generic = coverage.cover(required, [], [uri(generic)])
    assert with_rare.essential_skill_coverage > 0.5 > with_generic.essential_skill_coverage


def test_missing_skills_are_ordered_by_weight_heaviest_first(coverage, toy_taxonomy):
    essential = ("customer_relationship", "read_maps", "food_safety", "heavy_trucks", "dutch")
    found = coverage.cover([uri(k) for k in essential], [], [])
    assert {m.uri for m in found.missing_essential} == {uri(k) for k in essential}
    keys = [(-m.weight, m.uri) for m in found.missing_essential]
    assert keys == sorted(keys)
    assert len({m.weight for m in found.missing_essential}) > 1
    assert (
        found.missing_essential[0].skill_type
        is toy_taxonomy.skills[found.missing_essential[0].uri].skill_type
    )


def test_matched_pairs_name_the_persons_skill_essential_first(coverage):
    found = coverage.cover(
        [uri("cash_register"), uri("stock_shelves")],
        [uri("teamwork_principles")],
        [uri("teamwork_principles"), uri("stock_shelves")],
    )
    pairs = [(m.required, m.matched_by, m.kind, m.essential) for m in found.matched]
    assert pairs == [
        (uri("stock_shelves"), uri("stock_shelves"), CoverageKind.EXACT, True),
        (uri("teamwork_principles"), uri("teamwork_principles"), CoverageKind.EXACT, False),
    ]
    assert [m.uri for m in found.missing_essential] == [uri("cash_register")]
    assert found.optional_skill_coverage == 1.0


# -- the score --------------------------------------------------------------------------------

SHOP_ESSENTIAL = (
    "cash_register",
    "product_comprehension",
    "stock_shelves",
    "customer_relationship",
)
SHOP_OPTIONAL = ("customer_needs", "teamwork_principles", "communicate_customers")


def test_essential_skills_outweigh_optional_ones(scorer):
    job = vacancy("shop", SHOP_ESSENTIAL, SHOP_OPTIONAL)
    all_essential = profile("a", *SHOP_ESSENTIAL)
    most_essential_all_optional = profile("b", *SHOP_ESSENTIAL[:3], *SHOP_OPTIONAL)
    all_optional = profile("c", *SHOP_OPTIONAL)
    scores = [
        scorer.score(job, p, vector_similarity=0.5)[0]
        for p in (all_essential, most_essential_all_optional, all_optional)
    ]
    assert scores[0] > scores[1] > scores[2]


def test_one_essential_skill_beats_one_optional_skill_of_equal_weight(scorer):
    essential, optional = "cash_register", "stock_shelves"
    w = scorer.coverage.weights
    assert w.weight(uri(essential)) == w.weight(uri(optional))
    job = vacancy("shop", (essential,), (optional,))
    has_essential = scorer.score(job, profile("a", essential), vector_similarity=0.3)[0]
    has_optional = scorer.score(job, profile("b", optional), vector_similarity=0.3)[0]
    assert has_essential > has_optional


def test_score_parts_are_reported_and_absent_parts_drop_out(scorer):
    job = vacancy("cook", ("cooking_techniques", "food_safety"))
    score, why = scorer.score(
        job, profile("p", "cooking_techniques", "food_safety"), vector_similarity=1.0
    )
    assert why.parts.optional_coverage is None
    assert why.parts.essential_coverage == 1.0
    assert score == pytest.approx(1.0)
    half, _ = scorer.score(job, profile("q", "cooking_techniques"), vector_similarity=1.0)
    assert 0 < half < score


def test_ranking_weights_renormalise_over_present_parts():
    from matcher.ranking.explanation import ScoreParts

    weights = RankingWeights(essential=0.5, optional=0.3, vector=0.2)
    assert weights.combine(ScoreParts(1.0, None, 0.0)) == pytest.approx(0.5 / 0.7)
    assert weights.combine(ScoreParts(None, None, 0.4)) == pytest.approx(0.4)
    assert weights.combine(ScoreParts(1.0, 0.0, 1.0)) == pytest.approx(0.7)


def test_combining_arrays_of_parts_equals_combining_each():
    from matcher.ranking.explanation import ScoreParts

    rng = np.random.default_rng(1)

    def part(absent_share: float) -> float | None:
        return None if rng.random() < absent_share else float(rng.random())

    def column(values) -> np.ndarray:
        return np.array([np.nan if value is None else value for value in values])

    parts = [ScoreParts(part(0.3), part(0.3), part(0.0)) for _ in range(300)]
    essential = column(p.essential_coverage for p in parts)
    optional = column(p.optional_coverage for p in parts)
    vector = column(p.vector_similarity for p in parts)
    for weights in (RankingWeights(), RankingWeights(0.5, 0.0, 0.5), RankingWeights(0, 0, 0)):
        expected = [weights.combine(p) for p in parts]
        assert weights.combine_many(essential, optional, vector).tolist() == expected


def test_vector_similarity_is_clipped_to_the_unit_interval(scorer):
    job = vacancy("cook", ("cooking_techniques",))
    _, why = scorer.score(job, profile("p"), vector_similarity=-0.3)
    assert why.parts.vector_similarity == 0.0


# -- te_maken ---------------------------------------------------------------------------------

TRUCK = (
    "heavy_trucks",
    "road_traffic_laws",
    "defensive_driving",
    "read_maps",
    "communicate_customers",
)


def test_two_trainable_gaps_are_te_maken(scorer, toy_taxonomy):
    person = profile("p", "heavy_trucks", "defensive_driving", "communicate_customers")
    _, why = scorer.score(vacancy("truck", TRUCK), person, vector_similarity=0.5)
    gaps = [m.uri for m in why.missing_essential]
    assert set(gaps) == {uri("road_traffic_laws"), uri("read_maps")}
    assert {toy_taxonomy.skills[g].skill_type for g in gaps} <= {
        SkillType.KENNIS,
        SkillType.VAARDIGHEDEN,
    }
    assert why.te_maken


def test_three_gaps_are_not_te_maken(scorer):
    person = profile("p", "heavy_trucks", "defensive_driving")
    _, why = scorer.score(vacancy("truck", TRUCK), person, vector_similarity=0.5)
    assert len(why.missing_essential) == 3
    assert not why.te_maken
    assert TeMakenRule(scorer.coverage.taxonomy, max_missing_essential=3, min_covered_share=0.4)(
        scorer.coverage.cover([uri(k) for k in TRUCK], [], person.skill_uris)
    )


def test_a_soft_skill_or_language_gap_is_not_te_maken(scorer, toy_taxonomy):
    base = ("heavy_trucks", "defensive_driving", "read_maps")
    for gap in ("show_initiative", "dutch"):
        skill = toy_taxonomy.skills[uri(gap)]
        assert skill.skill_type is SkillType.SOFT_SKILLS or skill.is_language
        _, why = scorer.score(
            vacancy("v", (*base, gap)), profile("p", *base), vector_similarity=0.5
        )
        assert [m.uri for m in why.missing_essential] == [uri(gap)]
        assert not why.te_maken


def test_no_gaps_or_mostly_gaps_are_not_te_maken(scorer):
    job = vacancy("cook", ("cooking_techniques", "food_safety"), ("nutrition",))
    _, full_fit = scorer.score(
        job, profile("a", "cooking_techniques", "food_safety"), vector_similarity=0.5
    )
    assert not full_fit.missing_essential and not full_fit.te_maken
    _, nothing = scorer.score(job, profile("b", "heavy_trucks"), vector_similarity=0.5)
    assert len(nothing.missing_essential) == 2 and not nothing.te_maken


def test_a_replaced_trainability_check_decides(scorer):
    person = profile("p", "heavy_trucks", "defensive_driving", "communicate_customers", "read_maps")
    found = scorer.coverage.cover([uri(k) for k in TRUCK], [], person.skill_uris)
    assert [m.uri for m in found.missing_essential] == [uri("road_traffic_laws")]
    taxonomy = scorer.coverage.taxonomy
    assert TeMakenRule(taxonomy)(found)
    assert not TeMakenRule(taxonomy, is_trainable=lambda skill: False)(found)


# -- the sentence -----------------------------------------------------------------------------


def test_summary_names_counts_gaps_and_unverified_filters(scorer, toy_taxonomy):
    person = profile("p", "heavy_trucks", "defensive_driving", "communicate_customers")
    outcome = FilterOutcome(unverified=(FilterName.HOURS,))
    _, why = scorer.score(vacancy("truck", TRUCK), person, vector_similarity=0.5, filters=outcome)
    heaviest = why.missing_essential[0].uri
    covered = len(TRUCK) - len(why.missing_essential)
    assert f"Dekt {covered} van de {len(TRUCK)} essentiële eisen" in why.summary_nl
    assert toy_taxonomy.skills[heaviest].label(("nl", "en")).text in why.summary_nl
    assert "Te maken" in why.summary_nl and "Niet gecontroleerd: uren" in why.summary_nl
    assert f"Covers {covered} of {len(TRUCK)} essential" in why.summary("en")
    assert toy_taxonomy.skills[heaviest].label(("en",)).text in why.summary_en
    assert why.unverified == ("hours",)


def test_summary_counts_near_matches_where_they_are(scorer, skill_vectors, near):
    assert cosine(skill_vectors, "debug_software", "design_patterns") > near.threshold_
    person = profile("p", "cash_register", "debug_software")
    _, optional_near = scorer.score(
        vacancy("v", ("cash_register",), ("design_patterns",)), person, vector_similarity=0.5
    )
    _, essential_near = scorer.score(
        vacancy("w", ("design_patterns",), ("cash_register",)), person, vector_similarity=0.5
    )
    assert [m.kind for m in optional_near.matched] == [CoverageKind.EXACT, CoverageKind.NEAR]
    assert "verwante" not in optional_near.summary_nl
    assert "1 via een verwante vaardigheid" in essential_near.summary_nl


@pytest.mark.model
def test_calibration_on_the_bundled_taxonomy_with_e5_matches_the_documented_threshold():
    from api.runtime import Runtime
    from api.settings import Settings
    from matcher.ranking.near_skills import E5_SMALL_THRESHOLD

    runtime = Runtime(Settings())
    vectors = runtime.skill_vectors
    if not vectors.model_id.startswith("multilingual-e5-small"):
        pytest.skip(f"calibration documented for multilingual-e5-small, not {vectors.model_id}")
    fitted = NearSkillCredit().fit(vectors)
    assert fitted.threshold_ == pytest.approx(E5_SMALL_THRESHOLD, abs=0.003)
    by_label = {s.label(("en",)).text: uri for uri, s in runtime.taxonomy.skills.items()}

    def credit(a: str, b: str) -> float:
        return float(fitted.credit(vectors.similarity([by_label[a]], [by_label[b]])[0, 0]))

    assert credit("advise on public finance", "advise on financial matters") > 0.2
    assert credit("JavaScript", "Python (computer programming)") == 0
    assert credit("operate cash register", "stock shelves") == 0

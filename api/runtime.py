"""Wires the active taxonomy, embedding model and search indexes together from the settings.

Both the CLI and the HTTP service use one ``Runtime``; everything is built lazily and once.
Tests may inject a taxonomy and an encoder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from api.settings import Settings
from matcher.gaps.skill_gap import te_maken_rule
from matcher.gaps.training_catalogue import TrainingCatalogue
from matcher.ranking.matching import Matcher
from matcher.search.hybrid_search import FusionWeights
from matcher.search.occupation_search import OccupationSearch
from matcher.search.skill_autocomplete import SkillAutocomplete
from matcher.skills.engine import build_skill_extractor
from matcher.skills.extraction import SkillExtractor
from matcher.transitions.finder import TransitionFinder
from matcher.vectors.skill_vectors import SkillVectors
from models.embedding_cache import EmbeddingCache
from models.encoder import Encoder, TextEncoder
from taxonomy.store import load_taxonomy, resolve_taxonomy_path
from taxonomy.taxonomy import Taxonomy

ProgressCallback = Callable[[int, int], None]


class Runtime:
    """Lazily loaded engine state for one process."""

    def __init__(
        self,
        settings: Settings,
        *,
        taxonomy: Taxonomy | None = None,
        encoder: TextEncoder | None = None,
    ) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._occupation_search: OccupationSearch | None = None
        self._skills_lock = threading.Lock()
        self._skill_extractor: SkillExtractor | None = None
        if taxonomy is not None:
            self.__dict__["taxonomy"] = taxonomy
        if encoder is not None:
            self.__dict__["encoder"] = encoder

    @cached_property
    def taxonomy_path(self) -> Path:
        return resolve_taxonomy_path(self.settings.taxonomy, self.settings.data_dir)

    @cached_property
    def taxonomy(self) -> Taxonomy:
        return load_taxonomy(self.taxonomy_path)

    @cached_property
    def encoder(self) -> TextEncoder:
        return Encoder.load(self.settings.model, self.settings.cache_dir)

    @cached_property
    def embedding_cache(self) -> EmbeddingCache:
        return EmbeddingCache(self.settings.cache_dir)

    @cached_property
    def skill_vectors(self) -> SkillVectors:
        """One vector per taxonomy skill (embedded once, then read from the cache)."""
        return SkillVectors.build(self.taxonomy, self.encoder, self.embedding_cache)

    @cached_property
    def skill_autocomplete(self) -> SkillAutocomplete:
        """Lexical skill suggestions for forms (built once, in about a second)."""
        return SkillAutocomplete().fit(self.taxonomy)

    @cached_property
    def training_catalogue(self) -> TrainingCatalogue | None:
        """The catalogue of ``SKILLMATCH_TRAINING_CATALOGUE`` (None when not set)."""
        if self.settings.training_catalogue is None:
            return None
        return TrainingCatalogue.load(self.settings.training_catalogue, self.taxonomy)

    @cached_property
    def matcher(self) -> Matcher:
        """Ranking of candidates for vacancies and back (IDF and near-skill threshold fitted)."""
        te_maken = None
        if self.training_catalogue is not None:
            te_maken = te_maken_rule(self.taxonomy, catalogue=self.training_catalogue)
        return Matcher.build(self.taxonomy, self.skill_vectors, te_maken=te_maken)

    @cached_property
    def transition_finder(self) -> TransitionFinder:
        """Overstapberoepen and skill gaps: skill weights, near-skill credit and the
        occupation × skill matrices fitted once."""
        return TransitionFinder().fit(self.taxonomy, self.skill_vectors)

    def occupation_search(
        self, weights: FusionWeights | None = None, progress: ProgressCallback | None = None
    ) -> OccupationSearch:
        """The occupation search; the default one is built once and kept."""
        if weights is not None:
            encoder = self.encoder if weights.embedding > 0 else None
            return OccupationSearch.build(
                self.taxonomy, encoder, self.embedding_cache, weights=weights, progress=progress
            )
        with self._lock:
            if self._occupation_search is None:
                self._occupation_search = OccupationSearch.build(
                    self.taxonomy, self.encoder, self.embedding_cache, progress=progress
                )
            return self._occupation_search

    def skill_extractor(self, progress: ProgressCallback | None = None) -> SkillExtractor:
        """Text → skills (its ``ranker_`` ranks all skills); built once and kept.

        Uses the occupation search as the occupation prior. ``progress`` reports the label
        embeddings on a cold cache.
        """
        with self._skills_lock:
            if self._skill_extractor is None:
                self._skill_extractor = build_skill_extractor(
                    self.taxonomy,
                    self.encoder,
                    self.embedding_cache,
                    occupations=self.occupation_search(),
                    progress=progress,
                )
            return self._skill_extractor

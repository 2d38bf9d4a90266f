"""The skills a match score reads, apart from the rest of a record.

Scoring a pair needs only skill URIs: a vacancy's essential and optional skills
(:class:`RequiredSkills`) and a person's skills (:data:`PersonSkills`). A pool keeps them in
memory for all its records, beside the filter fields
(:class:`~matcher.ranking.filter_table.FilterTable`), in :class:`PackedSkillLists`: each URI is
numbered once in a :class:`SkillVocabulary` and a record's list is a run of int32 numbers in one
array. Re-ranking gets the lists of a retrieved block as one :class:`PackedSkills` (numbers, not
strings), so it reads none of those records from the store and scores them with array
operations (:mod:`matcher.ranking.block_scores`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from matcher.records import Profile, Vacancy

#: A person's skill URIs, in the order of the profile.
PersonSkills = tuple[str, ...]

_FIRST_CAPACITY = 1024


@dataclass(frozen=True)
class RequiredSkills:
    """A vacancy's essential and optional skill URIs, in the order of the vacancy."""

    essential: tuple[str, ...]
    optional: tuple[str, ...]

    @classmethod
    def of(cls, vacancy: Vacancy) -> RequiredSkills:
        return cls(
            tuple(s.uri for s in vacancy.essential_skills),
            tuple(s.uri for s in vacancy.optional_skills),
        )


def person_skills(profile: Profile) -> PersonSkills:
    return tuple(profile.skill_uris)


class SkillVocabulary:
    """Skill URIs numbered 0, 1, 2, … in order of first appearance; numbers never change.

    Append-only, so anything derived per number (a skill-vector row, an IDF weight) stays valid
    for the numbers it covers and only needs extending as the vocabulary grows.
    """

    def __init__(self) -> None:
        self.uris: list[str] = []
        self._number: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.uris)

    def number(self, uri: str) -> int | None:
        """The URI's number, None if it has none."""
        return self._number.get(uri)

    def add(self, uri: str) -> int:
        """The URI's number, given one if it has none."""
        found = self._number.get(uri)
        if found is None:
            found = self._number[uri] = len(self.uris)
            self.uris.append(uri)
        return found


@dataclass(frozen=True)
class PackedSkills:
    """The skill lists of several records: record ``i``'s list is
    ``numbers[starts[i] : starts[i] + lengths[i]]``, numbers of ``vocabulary``; for vacancies
    the first ``n_essential[i]`` of a list are essential, the rest optional."""

    record_ids: tuple[str, ...]
    vocabulary: SkillVocabulary
    numbers: np.ndarray  # int32, the lists one after another
    lengths: np.ndarray  # int64, per record
    n_essential: np.ndarray | None = None  # int64 per record (vacancies only)

    @classmethod
    def pack(
        cls,
        record_ids: Sequence[str],
        lists: Sequence[Sequence[str]],
        n_essential: Sequence[int] | None = None,
        vocabulary: SkillVocabulary | None = None,
    ) -> PackedSkills:
        """Number ``lists`` (in ``vocabulary``, or a new one) and pack them."""
        vocabulary = vocabulary if vocabulary is not None else SkillVocabulary()
        numbers = [vocabulary.add(uri) for skills in lists for uri in skills]
        return cls(
            tuple(record_ids),
            vocabulary,
            np.array(numbers, dtype=np.int32),
            np.array([len(skills) for skills in lists], dtype=np.int64),
            None if n_essential is None else np.asarray(n_essential, dtype=np.int64),
        )

    @classmethod
    def of_profiles(cls, profiles: Sequence[Profile]) -> PackedSkills:
        return cls.pack([p.id for p in profiles], [person_skills(p) for p in profiles])  # type: ignore[misc]

    @classmethod
    def of_vacancies(cls, vacancies: Sequence[Vacancy]) -> PackedSkills:
        required = [RequiredSkills.of(v) for v in vacancies]
        return cls.pack(
            [v.id for v in vacancies],  # type: ignore[misc]
            [[*r.essential, *r.optional] for r in required],
            [len(r.essential) for r in required],
        )

    def __len__(self) -> int:
        return len(self.record_ids)

    @cached_property
    def _starts(self) -> list[int]:
        return (np.cumsum(self.lengths) - self.lengths).tolist()

    def uris(self, i: int) -> tuple[str, ...]:
        """Record ``i``'s list as URIs."""
        start = self._starts[i]
        uris = self.vocabulary.uris
        return tuple(uris[n] for n in self.numbers[start : start + int(self.lengths[i])].tolist())

    def person_skills(self, i: int) -> PersonSkills:
        return self.uris(i)

    def required_skills(self, i: int) -> RequiredSkills:
        if self.n_essential is None:
            raise ValueError("these are a person's skills: none is essential or optional")
        skills, n = self.uris(i), int(self.n_essential[i])
        return RequiredSkills(skills[:n], skills[n:])


class PackedSkillLists:
    """Many short lists of skill URIs in one growing int32 array, numbered in a vocabulary.

    :meth:`append` returns where a list starts; the owner keeps that and the list's length (a
    filter table keeps both as columns) and reads lists back with :meth:`gather`. A list that
    is no longer needed is :meth:`release`-d; once more than half the array is released,
    :meth:`compact` rewrites it and gives the new starts. About 4 bytes per skill, against
    ~300 bytes per record for a tuple of strings.
    """

    def __init__(self) -> None:
        self.vocabulary = SkillVocabulary()
        self._data = np.zeros(_FIRST_CAPACITY, dtype=np.int32)
        self._end = 0  # used length of ``_data``
        self._released = 0  # entries of ``_data`` no list uses any more

    def append(self, uris: Sequence[str]) -> int:
        """Store a list; returns its start."""
        numbers = [self.vocabulary.add(uri) for uri in uris]
        start = self._end
        self._reserve(start + len(numbers))
        self._data[start : start + len(numbers)] = numbers
        self._end += len(numbers)
        return start

    def gather(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The lists at ``starts`` with ``lengths``, one after another (a copy)."""
        lengths = np.asarray(lengths, dtype=np.int64)
        offsets = np.cumsum(lengths) - lengths
        total = int(lengths.sum())
        index = np.repeat(np.asarray(starts, dtype=np.int64) - offsets, lengths)
        return self._data[index + np.arange(total)]

    def release(self, length: int) -> None:
        """A list of ``length`` URIs is no longer used."""
        self._released += length

    @property
    def needs_compaction(self) -> bool:
        return self._released > max(_FIRST_CAPACITY, self._end // 2)

    def compact(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Keep only the lists at ``starts`` (with ``lengths``), packed; their new starts."""
        packed = self.gather(starts, lengths)
        lengths = np.asarray(lengths, dtype=np.int64)
        self._data = np.zeros(max(_FIRST_CAPACITY, 2 * len(packed)), dtype=np.int32)
        self._data[: len(packed)] = packed
        self._end, self._released = len(packed), 0
        return np.cumsum(lengths) - lengths

    @property
    def nbytes(self) -> int:
        return self._data.nbytes

    def _reserve(self, size: int) -> None:
        if size > len(self._data):
            grown = np.zeros(max(size, 2 * len(self._data)), dtype=np.int32)
            grown[: self._end] = self._data[: self._end]
            self._data = grown

"""Hard filters over a whole pool at once: the records' filter fields as numpy columns.

A :class:`FilterTable` holds, for every record of a pool, what
:class:`~matcher.ranking.hard_filters.HardFilters` looks at, one numpy column per field; a pool
builds it once and keeps it in step on add/update/delete. :meth:`FilterTable.evaluate` applies
one query's filters to all rows with a few array operations and gives the passing rows and the
exclusions per filter, so a match query never reads every record. Which filters a record passed
only for lack of data (shown in its explanation) is still decided by ``HardFilters.check``, for
the records that are explained. The rules are exactly those of ``HardFilters`` (the tests compare
both on random records); a subclass of ``HardFilters`` that changes a rule is not seen here.

Columns (``0``/``-1``/NaN: not stated), with :class:`ProfileFilterTable` for a pool of profiles
(a vacancy's filters are evaluated) and :class:`VacancyFilterTable` for a pool of vacancies (a
profile is checked against each vacancy's filters):

=============  ==========================================  =====================================
field          profiles                                    vacancies
=============  ==========================================  =====================================
hours          hours per week                              ``hours_min``, ``hours_max``
licences       bitmask of held categories, with included   bitmask of required categories
language       CEFR rank (1-6) per language column         highest required CEFR rank per language
education      rank in ``EDUCATION_LEVELS`` + 1            rank of the minimum + 1
location       PC4 number, postcode id, region id          the same, plus ``max_km``
=============  ==========================================  =====================================

Postcodes and casefolded regions are interned (an id per distinct value), so a rule without a
vectorised form (``within_pc4``) is asked once per record with a postcode, not per character.
Every row also carries a ``label`` the owner may use, e.g. the record's slot in a vector index,
and the record's skill URIs (:meth:`FilterTable.skills_of`: a profile's skills, a vacancy's
essential and optional skills, packed in :class:`~matcher.ranking.skill_lists.PackedSkillLists`),
so that re-ranking scores a block of retrieved records without reading them from the store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import numpy as np

from matcher.ranking.hard_filters import (
    LICENCE_INCLUDES,
    FilterName,
    HardFilters,
    held_licences,
)
from matcher.ranking.location import (
    CANNOT_TELL,
    NOT_WITHIN,
    PostcodeAreaProximity,
    Proximity,
    pc4_number,
)
from matcher.ranking.skill_lists import (
    PackedSkillLists,
    PackedSkills,
    RequiredSkills,
    person_skills,
)
from matcher.records import CEFR_LEVELS, EDUCATION_LEVELS, Profile, Vacancy
from taxonomy.errors import BadInputError

R = TypeVar("R", Profile, Vacancy)

#: One bit per driving licence category.
LICENCE_BIT: dict[str, int] = {category: 1 << i for i, category in enumerate(LICENCE_INCLUDES)}

_FIRST_CAPACITY = 64


def licence_bits(categories: Iterable[str]) -> int:
    """The bitmask of ``categories`` (see :data:`LICENCE_BIT`)."""
    bits = 0
    for category in categories:
        bits |= LICENCE_BIT[category]
    return bits


def cefr_rank(level: str | None) -> int:
    """1 (A1) … 6 (C2); 0 for no level."""
    return 0 if level is None else CEFR_LEVELS.index(level) + 1


def education_rank(level: str | None) -> int:
    """1 (basisonderwijs) … 13 (doctoraat); 0 for no level."""
    return 0 if level is None else EDUCATION_LEVELS.index(level) + 1


@dataclass(frozen=True)
class PoolFilter:
    """One query's hard filters over a table: the rows that pass and the exclusions."""

    passes: np.ndarray  # bool per row
    #: filter name → rows it excluded (a row may count under several filters), by name
    excluded: dict[str, int]
    n_excluded: int  # rows excluded by at least one filter
    n_rows: int  # rows the query looked at (all, or those ``within`` a restriction)

    @property
    def total(self) -> int:
        """Rows that pass."""
        return self.n_rows - self.n_excluded


class FilterTable(ABC, Generic[R]):
    """The filter fields of a pool's records as numpy columns, one row per record id.

    Rows are dense: removing a record moves the last row into its place, so row numbers change
    on removal (use record ids, or ``label``, across writes). Not thread-safe: the owning pool
    serialises writes and evaluations.
    """

    #: fixed columns: name → (dtype, value for "not stated")
    COLUMNS: ClassVar[dict[str, tuple[type, float]]]

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._row: dict[str, int] = {}
        self._empty = {name: empty for name, (_, empty) in self._all_columns().items()}
        self._columns = {
            name: np.full(_FIRST_CAPACITY, empty, dtype=dtype)
            for name, (dtype, empty) in self._all_columns().items()
        }
        self._languages: dict[str, np.ndarray] = {}  # ISO 639-1 code → CEFR rank per row
        self._regions: dict[str, int] = {}  # casefolded region → id
        self._postcode_id: dict[str, int] = {}
        self.postcodes: list[str] = []  # postcode id → postcode
        self._skills = PackedSkillLists()  # each row's list: columns ``skills_at``/``skills_n``

    @classmethod
    def build(cls, records: Iterable[R]) -> FilterTable[R]:
        table = cls()
        for record in records:
            table.put(record)
        return table

    # -- rows ----------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._row

    def column(self, name: str) -> np.ndarray:
        """A view of one fixed column (or ``label``) over the rows in use."""
        return self._columns[name][: len(self.ids)]

    @property
    def nbytes(self) -> int:
        """Memory held by the columns and the packed skill lists (allocated rows and entries;
        ids and interned strings not counted)."""
        columns = [*self._columns.values(), *self._languages.values()]
        return sum(values.nbytes for values in columns) + self._skills.nbytes

    @property
    def labels(self) -> np.ndarray:
        """The owner's label per row (-1: none); writable."""
        return self.column("label")

    def row(self, record_id: str) -> int:
        return self._row[record_id]

    def put(self, record: R, label: int = -1) -> None:
        """Add the record, or replace the row of its id."""
        if not record.id:
            raise BadInputError("a pool record needs an id")
        row = self._row.get(record.id)
        if row is None:
            row = len(self.ids)
            self._grow(row + 1)
            self.ids.append(record.id)
            self._row[record.id] = row
        else:
            for levels in self._languages.values():
                levels[row] = 0
            self._skills.release(int(self._columns["skills_n"][row]))
        for name, value in self._fields(record).items():
            self._columns[name][row] = value
        self._columns["label"][row] = label
        for language, rank in self._language_ranks(record).items():
            self._language(language)[row] = rank
        skills = self._skill_list(record)
        self._columns["skills_at"][row] = self._skills.append(skills)
        self._columns["skills_n"][row] = len(skills)
        self._compact_skills()

    def discard(self, record_id: str) -> bool:
        """Remove the record's row if there is one; whether there was."""
        row = self._row.pop(record_id, None)
        if row is None:
            return False
        self._skills.release(int(self._columns["skills_n"][row]))
        last = len(self.ids) - 1
        if row != last:
            moved = self.ids[last]
            self.ids[row] = moved
            self._row[moved] = row
            for values in [*self._columns.values(), *self._languages.values()]:
                values[row] = values[last]
        for name, values in self._columns.items():  # so that an appended row starts empty
            values[last] = self._empty[name]
        for values in self._languages.values():
            values[last] = 0
        self.ids.pop()
        self._compact_skills()
        return True

    def set_label(self, record_id: str, label: int) -> None:
        self._columns["label"][self._row[record_id]] = label

    # -- evaluation ----------------------------------------------------------------------------
    @abstractmethod
    def evaluate(
        self, query: Any, filters: HardFilters, within: np.ndarray | None = None
    ) -> PoolFilter:
        """The query's hard filters over every row, with the rules of ``filters``; with
        ``within`` (a bool per row, e.g. :meth:`mask_of` the profiles a consent allows) the
        other rows are not part of the pool at all: never passing, never counted."""

    def skills_of(self, record_ids: Iterable[str]) -> PackedSkills:
        """The skills of those records the table holds, in the order asked (absent ids are
        left out): a copy, safe to use after the table changes."""
        found = [(r, row) for r in record_ids if (row := self._row.get(r)) is not None]
        rows = np.fromiter((row for _, row in found), dtype=np.int64, count=len(found))
        lengths = self._columns["skills_n"][rows].astype(np.int64)
        return PackedSkills(
            tuple(r for r, _ in found),
            self._skills.vocabulary,
            self._skills.gather(self._columns["skills_at"][rows], lengths),
            lengths,
            self._n_essential(rows),
        )

    def mask_of(self, record_ids: Collection[str]) -> np.ndarray:
        """A bool per row: whether its record id is in ``record_ids``."""
        return np.fromiter((r in record_ids for r in self.ids), dtype=bool, count=len(self.ids))

    # -- helpers for subclasses ----------------------------------------------------------------
    @abstractmethod
    def _fields(self, record: R) -> dict[str, float]:
        """The record's values of the fixed columns."""

    @abstractmethod
    def _language_ranks(self, record: R) -> dict[str, int]:
        """The record's CEFR rank per language."""

    @abstractmethod
    def _skill_list(self, record: R) -> list[str]:
        """The record's skill URIs as stored (a vacancy's essential skills first)."""

    def _n_essential(self, rows: np.ndarray) -> np.ndarray | None:
        """How many skills of each row's list are essential (None: a person's skills)."""
        return None

    def _compact_skills(self) -> None:
        if self._skills.needs_compaction:
            n = len(self.ids)
            starts = self._columns["skills_at"]
            starts[:n] = self._skills.compact(starts[:n], self._columns["skills_n"][:n])

    def _language(self, language: str) -> np.ndarray:
        levels = self._languages.get(language)
        if levels is None:
            levels = np.zeros(len(self._columns["label"]), dtype=np.int8)
            self._languages[language] = levels
        return levels

    def _region_id(self, region: str) -> int:
        return self._regions.setdefault(region.casefold(), len(self._regions))

    def _postcode(self, postcode: str) -> int:
        found = self._postcode_id.get(postcode)
        if found is None:
            found = self._postcode_id[postcode] = len(self.postcodes)
            self.postcodes.append(postcode)
        return found

    def _grow(self, rows: int) -> None:
        capacity = len(self._columns["label"])
        if rows <= capacity:
            return
        capacity = max(rows, 2 * capacity)
        for name, values in self._columns.items():
            self._columns[name] = _grown(values, capacity, self._empty[name])
        for language, values in self._languages.items():
            self._languages[language] = _grown(values, capacity, 0)

    @classmethod
    def _all_columns(cls) -> dict[str, tuple[type, float]]:
        return {
            **cls.COLUMNS,
            "label": (np.int64, -1),
            "skills_at": (np.int64, -1),  # start of the row's list in ``_skills``
            "skills_n": (np.int16, 0),  # its length
        }


class ProfileFilterTable(FilterTable[Profile]):
    """Filter fields of profiles; :meth:`evaluate` applies a vacancy's filters to each."""

    COLUMNS: ClassVar[dict[str, tuple[type, float]]] = {
        "hours": (np.int8, 0),
        "licences": (np.uint16, 0),  # held, with the included categories
        "education": (np.int8, 0),
        "pc4": (np.int16, -1),
        "postcode": (np.int32, -1),  # id in ``postcodes``; -1 also for an empty postcode
        "region": (np.int32, -1),  # id of the casefolded region; -1 also for an empty one
    }

    def _fields(self, record: Profile) -> dict[str, float]:
        home = record.location
        postcode = home.postcode if home is not None else None
        region = home.region if home is not None else None
        return {
            "hours": record.hours_per_week or 0,
            "licences": licence_bits(held_licences(record.driving_licences)),
            "education": education_rank(record.education_level),
            "pc4": pc4_number(postcode) if postcode else -1,
            "postcode": self._postcode(postcode) if postcode else -1,
            "region": self._region_id(region) if region else -1,
        }

    def _language_ranks(self, record: Profile) -> dict[str, int]:
        ranks: dict[str, int] = {}
        for ability in record.languages:  # the first entry of a language counts, as in check
            ranks.setdefault(ability.language, cefr_rank(ability.level))
        return ranks

    def _skill_list(self, record: Profile) -> list[str]:
        return list(person_skills(record))

    def evaluate(
        self, query: Vacancy, filters: HardFilters, within: np.ndarray | None = None
    ) -> PoolFilter:
        vacancy, n = query, len(self)
        failed: dict[FilterName, np.ndarray] = {}
        low, high = vacancy.hours_per_week_min, vacancy.hours_per_week_max
        if low is not None or high is not None:
            hours = self.column("hours")
            outside = np.zeros(n, dtype=bool)
            if low is not None:
                outside |= hours < low
            if high is not None:
                outside |= hours > high
            failed[FilterName.HOURS] = outside & (hours > 0)  # unknown hours pass, unverified
        required = licence_bits(vacancy.required_driving_licences)
        if required:
            failed[FilterName.DRIVING_LICENCE] = (self.column("licences") & required) != required
        if vacancy.required_languages:
            short = np.zeros(n, dtype=bool)
            for language in vacancy.required_languages:
                levels = self._languages.get(language.language)
                if levels is None:
                    short[:] = True
                else:
                    short |= levels[:n] < cefr_rank(language.level)
            failed[FilterName.LANGUAGE] = short
        if vacancy.min_education_level is not None:
            level = self.column("education")
            failed[FilterName.EDUCATION] = (level > 0) & (
                level < education_rank(vacancy.min_education_level)
            )
        far = self._too_far(vacancy, filters)
        if far is not None:
            failed[FilterName.LOCATION] = far
        return _pool_filter(failed, n, within)

    def _too_far(self, vacancy: Vacancy, filters: HardFilters) -> np.ndarray | None:
        job, max_km = vacancy.location, vacancy.max_distance_km
        if job is None:
            return None
        job_postcode = job.postcode if max_km is not None else None  # None: not by distance
        if job_postcode is None and job.region is None:
            return None
        verdict = np.full(len(self), CANNOT_TELL, dtype=np.int8)
        if job_postcode is not None and max_km is not None:
            rows = np.flatnonzero(self.column("postcode") >= 0)
            home_ids = self.column("postcode")[rows]
            verdict[rows] = _distance_verdicts(
                filters.proximity or PostcodeAreaProximity(),
                job_pc4=np.full(len(rows), pc4_number(job_postcode)),
                home_pc4=self.column("pc4")[rows],
                max_km=np.full(len(rows), max_km, dtype=np.float64),
                postcodes=lambda i: (job_postcode, self.postcodes[home_ids[i]]),
            )
        if job.region is not None:
            regions = self.column("region")
            undecided = (verdict == CANNOT_TELL) & (regions >= 0)
            job_region = self._regions.get(job.region.casefold(), -2)
            verdict[undecided] = regions[undecided] == job_region
        return verdict == NOT_WITHIN


class VacancyFilterTable(FilterTable[Vacancy]):
    """Filter fields of vacancies; :meth:`evaluate` checks a profile against each."""

    COLUMNS: ClassVar[dict[str, tuple[type, float]]] = {
        "hours_min": (np.int8, 0),
        "hours_max": (np.int8, 0),
        "licences": (np.uint16, 0),  # required
        "education": (np.int8, 0),  # minimum
        "pc4": (np.int16, -1),
        "postcode": (np.int32, -1),  # id in ``postcodes``; -1: no postcode (None)
        "max_km": (np.float64, np.nan),
        "region": (np.int32, -1),  # id of the casefolded region; -1: None ("" is a region)
        "essential_n": (np.int16, 0),  # the first this many skills of the row's list
    }

    def _fields(self, record: Vacancy) -> dict[str, float]:
        job = record.location
        postcode = job.postcode if job is not None else None
        region = job.region if job is not None else None
        max_km = record.max_distance_km
        return {
            "hours_min": record.hours_per_week_min or 0,
            "hours_max": record.hours_per_week_max or 0,
            "licences": licence_bits(record.required_driving_licences),
            "education": education_rank(record.min_education_level),
            "pc4": pc4_number(postcode) if postcode is not None else -1,
            "postcode": self._postcode(postcode) if postcode is not None else -1,
            "max_km": np.nan if max_km is None else max_km,
            "region": self._region_id(region) if region is not None else -1,
            "essential_n": len(record.essential_skills),
        }

    def _language_ranks(self, record: Vacancy) -> dict[str, int]:
        ranks: dict[str, int] = {}
        for ability in record.required_languages:  # each must be met: the highest counts
            ranks[ability.language] = max(ranks.get(ability.language, 0), cefr_rank(ability.level))
        return ranks

    def _skill_list(self, record: Vacancy) -> list[str]:
        required = RequiredSkills.of(record)
        return [*required.essential, *required.optional]

    def _n_essential(self, rows: np.ndarray) -> np.ndarray:
        return self._columns["essential_n"][rows].astype(np.int64)

    def evaluate(
        self, query: Profile, filters: HardFilters, within: np.ndarray | None = None
    ) -> PoolFilter:
        profile, n = query, len(self)
        failed: dict[FilterName, np.ndarray] = {}
        hours = profile.hours_per_week
        if hours is not None:  # unknown hours pass every vacancy (unverified where it asks)
            low, high = self.column("hours_min"), self.column("hours_max")
            failed[FilterName.HOURS] = ((low > 0) & (hours < low)) | ((high > 0) & (hours > high))
        held = licence_bits(held_licences(profile.driving_licences))
        failed[FilterName.DRIVING_LICENCE] = (self.column("licences") | held) != held
        short = np.zeros(n, dtype=bool)
        for language, required in self._languages.items():
            short |= required[:n] > cefr_rank(profile.language_level(language))
        failed[FilterName.LANGUAGE] = short
        if profile.education_level is not None:
            failed[FilterName.EDUCATION] = self.column("education") > education_rank(
                profile.education_level
            )
        far = self._too_far(profile, filters)
        if far is not None:
            failed[FilterName.LOCATION] = far
        return _pool_filter(failed, n, within)

    def _too_far(self, profile: Profile, filters: HardFilters) -> np.ndarray | None:
        home = profile.location
        if home is None:  # unverified wherever a vacancy asks for a location
            return None
        verdict = np.full(len(self), CANNOT_TELL, dtype=np.int8)
        if home.postcode:
            max_km = self.column("max_km")
            rows = np.flatnonzero((self.column("postcode") >= 0) & ~np.isnan(max_km))
            job_ids, home_postcode = self.column("postcode")[rows], home.postcode
            verdict[rows] = _distance_verdicts(
                filters.proximity or PostcodeAreaProximity(),
                job_pc4=self.column("pc4")[rows],
                home_pc4=np.full(len(rows), pc4_number(home_postcode)),
                max_km=max_km[rows],
                postcodes=lambda i: (self.postcodes[job_ids[i]], home_postcode),
            )
        if home.region:
            regions = self.column("region")
            undecided = (verdict == CANNOT_TELL) & (regions >= 0)
            home_region = self._regions.get(home.region.casefold(), -2)
            verdict[undecided] = regions[undecided] == home_region
        return verdict == NOT_WITHIN


def filter_table_for(record_type: type[R], records: Iterable[R] = ()) -> FilterTable[R]:
    """A table for records of ``record_type``, holding ``records``."""
    tables: dict[type, type[FilterTable[Any]]] = {
        Profile: ProfileFilterTable,
        Vacancy: VacancyFilterTable,
    }
    return tables[record_type].build(records)


def _grown(values: np.ndarray, capacity: int, empty: float) -> np.ndarray:
    grown = np.full(capacity, empty, dtype=values.dtype)
    grown[: len(values)] = values
    return grown


def _distance_verdicts(
    proximity: Proximity,
    *,
    job_pc4: np.ndarray,
    home_pc4: np.ndarray,
    max_km: np.ndarray,
    postcodes: Callable[[int], tuple[str, str]],
) -> np.ndarray:
    """``proximity.within(job postcode, home postcode, max_km)`` per pair, as int8 verdicts.

    Vectorised when the rule has ``within_pc4`` and both PC4 areas are numbers; otherwise the
    rule is asked pair by pair (``postcodes(i)`` gives pair ``i``'s job and home postcode).
    """
    verdict = np.full(len(max_km), CANNOT_TELL, dtype=np.int8)
    ask_one_by_one = np.ones(len(max_km), dtype=bool)
    within_pc4 = getattr(proximity, "within_pc4", None)
    if within_pc4 is not None:
        numbers = (job_pc4 >= 0) & (home_pc4 >= 0)
        verdict[numbers] = within_pc4(job_pc4[numbers], home_pc4[numbers], max_km[numbers])
        ask_one_by_one = ~numbers
    for i in np.flatnonzero(ask_one_by_one):
        inside = proximity.within(*postcodes(i), float(max_km[i]))
        verdict[i] = CANNOT_TELL if inside is None else int(inside)
    return verdict


def _pool_filter(
    failed: dict[FilterName, np.ndarray], n: int, within: np.ndarray | None = None
) -> PoolFilter:
    excluded_rows = np.zeros(n, dtype=bool)
    excluded: dict[str, int] = {}
    for name, rows in failed.items():
        if within is not None:
            rows = rows & within
        count = int(np.count_nonzero(rows))
        if count:
            excluded[name.value] = count
            excluded_rows |= rows
    passes = ~excluded_rows if within is None else within & ~excluded_rows
    return PoolFilter(
        passes=passes,
        excluded=dict(sorted(excluded.items())),
        n_excluded=int(np.count_nonzero(excluded_rows)),
        n_rows=n if within is None else int(np.count_nonzero(within)),
    )

"""The on-disk embedding cache: keyed by model, prompt, version key and texts; atomic; robust."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from models.embedding_cache import EmbeddingCache, model_dir_name
from taxonomy.errors import BadInputError
from tests.fakes import FakeEncoder

LABELS = ["verpleegkundige", "timmerman", "software developer", "kapper", "elektricien"]


def get(cache, encoder, texts=LABELS, **kw):
    kw.setdefault("namespace", "occupation-labels")
    kw.setdefault("version_key", "taxonomy-v1")
    return cache.get_or_compute(encoder, texts, **kw)


def test_vectors_round_trip_and_the_second_call_encodes_nothing(tmp_path: Path):
    fake = FakeEncoder()
    cache = EmbeddingCache(tmp_path)
    first = get(cache, fake)
    second = get(cache, fake)
    assert fake.calls == 1
    np.testing.assert_array_equal(first, second)
    assert second.dtype == np.float32 and second.shape == (len(LABELS), 256)
    files = list((tmp_path / "embeddings").rglob("*.npy"))
    assert len(files) == 1 and files[0].name.startswith("occupation-labels-")
    assert files[0].parent.name == model_dir_name(fake.model_id)


def test_another_version_key_or_text_list_is_computed_again(tmp_path: Path):
    fake = FakeEncoder()
    cache = EmbeddingCache(tmp_path)
    get(cache, fake)
    get(cache, fake, version_key="taxonomy-v2")
    get(cache, fake, texts=[*LABELS, "bakker"])
    get(cache, fake, texts=LABELS[::-1])
    get(cache, fake, prompt="passage")
    assert fake.calls == 5
    get(cache, fake, version_key="taxonomy-v2")
    assert fake.calls == 5


def test_models_never_share_vectors(tmp_path: Path):
    cache = EmbeddingCache(tmp_path)
    a, b = FakeEncoder(name="model-a"), FakeEncoder(name="model-b")
    get(cache, a)
    get(cache, b)
    assert (a.calls, b.calls) == (1, 1)
    assert len({p.parent for p in (tmp_path / "embeddings").rglob("*.npy")}) == 2


def test_model_ids_become_distinct_safe_folder_names():
    names = {model_dir_name(i) for i in ("hf:org/model@abc", "hf:org_model@abc", "x y/../z")}
    assert len(names) == 3
    assert all("/" not in n and " " not in n and not n.startswith(".") for n in names)


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[:100]),  # cut off
        lambda p: p.write_bytes(b"not a numpy file"),
        lambda p: np.save(p, np.zeros((2, 256), np.float32)),  # wrong shape
        lambda p: np.save(p, np.zeros((5, 256), np.float64)),  # wrong dtype
        lambda p: np.save(p, np.full((5, 256), np.nan, np.float32)),
    ],
)
def test_a_damaged_cache_file_is_recomputed(tmp_path: Path, damage):
    fake = FakeEncoder()
    cache = EmbeddingCache(tmp_path)
    good = get(cache, fake)
    (path,) = (tmp_path / "embeddings").rglob("*.npy")
    damage(path)
    again = get(cache, fake)
    assert fake.calls == 2
    np.testing.assert_array_equal(good, again)
    assert get(cache, fake) is not None and fake.calls == 2  # and it was rewritten


def test_writes_leave_no_temporary_files(tmp_path: Path):
    cache = EmbeddingCache(tmp_path)
    get(cache, FakeEncoder())
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".npy"]
    assert leftovers == []


def test_empty_text_list_is_cached_too(tmp_path: Path):
    fake = FakeEncoder()
    cache = EmbeddingCache(tmp_path)
    assert get(cache, fake, texts=[]).shape == (0, 256)
    assert get(cache, fake, texts=[]).shape == (0, 256)
    assert fake.calls == 1


def test_bad_namespace_and_single_string_are_bad_input(tmp_path: Path):
    cache = EmbeddingCache(tmp_path)
    with pytest.raises(BadInputError):
        get(cache, FakeEncoder(), namespace="../escape")
    with pytest.raises(BadInputError):
        get(cache, FakeEncoder(), texts="verpleegkundige")
    with pytest.raises(BadInputError):
        EmbeddingCache(tmp_path, storage_dtype="int8")


def test_float16_storage_keeps_vectors_and_rankings(tmp_path: Path):
    fake = FakeEncoder()
    texts = [f"{a} {b}" for a in LABELS for b in ("junior", "senior", "hoofd", "assistent")]
    exact = get(EmbeddingCache(tmp_path / "f32"), fake, texts=texts)
    half_cache = EmbeddingCache(tmp_path / "f16", storage_dtype="float16")
    half = get(half_cache, fake, texts=texts)
    assert half.dtype == np.float32
    np.testing.assert_array_equal(half, get(half_cache, fake, texts=texts))  # same when cached
    assert np.sum(exact * half, axis=1).min() > 0.99999
    queries = fake.encode(["verpleegkundige senior", "kapper", "developer"])
    np.testing.assert_array_equal(
        np.argsort(-(queries @ exact.T), axis=1)[:, :5],
        np.argsort(-(queries @ half.T), axis=1)[:, :5],
    )
    (path,) = (tmp_path / "f16").rglob("*.npy")
    assert path.name.endswith("-f16.npy") and np.load(path).dtype == np.float16


def test_another_process_reuses_the_cache_quickly(tmp_path: Path):
    get(EmbeddingCache(tmp_path), FakeEncoder())
    script = textwrap.dedent(
        f"""
        import time
        t0 = time.perf_counter()
        from models.embedding_cache import EmbeddingCache
        from tests.fakes import FakeEncoder
        fake = FakeEncoder()
        v = EmbeddingCache({str(tmp_path)!r}).get_or_compute(
            fake, {LABELS!r}, namespace="occupation-labels", version_key="taxonomy-v1")
        assert fake.calls == 0 and v.shape == ({len(LABELS)}, 256)
        print(time.perf_counter() - t0)
        """
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.strip()) < 1.0


@pytest.mark.model
def test_float16_storage_keeps_real_model_rankings(tmp_path: Path, e5_encoder):
    from tests.models.test_encoder_agreement import PHRASES

    labels = [*PHRASES, *(f"senior {p}" for p in PHRASES), *(f"{p} (m/v)" for p in PHRASES)]
    exact = get(EmbeddingCache(tmp_path / "a"), e5_encoder, texts=labels)
    half = get(EmbeddingCache(tmp_path / "b", storage_dtype="float16"), e5_encoder, texts=labels)
    cosines = np.sum(exact * half, axis=1)
    assert cosines.min() > 0.99999
    queries = e5_encoder.encode(["verpleegkundige", "data engineer", "magazijnmedewerker"])
    exact_rank = np.argsort(-(queries @ exact.T), axis=1)[:, :10]
    half_rank = np.argsort(-(queries @ half.T), axis=1)[:, :10]
    np.testing.assert_array_equal(exact_rank, half_rank)

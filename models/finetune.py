"""Fine-tune a sentence-transformers model on taxonomy pairs, on a CPU, within a time budget.

The loss is MultipleNegativesRankingLoss: each anchor must pick its positive out of every
positive and hard negative in the batch. Both sides get the e5 ``"query: "`` prompt, as the
project encodes labels and queries alike. Batches never hold two pairs of the same concept
(or the same text), so no example is another's false negative. The word-embedding matrix stays
frozen, so a fine-tuned model differs from its base only in the encoder layers (see
:mod:`models.model_delta`). Seeds fix data order, dropout and initialisation of everything that
is random.

    model = load_trainable(base_folder)
    result = finetune(model, pairs, FinetuneConfig(time_budget_s=120), progress=print)
"""

from __future__ import annotations

import math
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from models.training_pairs import TrainingPair

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

#: ``progress(step, total_steps, loss)`` after every optimiser step.
TrainProgress = Callable[[int, int, float], None]
#: Steps whose pace sets the learning-rate schedule of a time-budgeted run.
PACE_STEPS = 10
#: Name suffix of the token-embedding matrix of BERT-like models (kept frozen).
WORD_EMBEDDINGS = "word_embeddings.weight"
#: The layer number in a BERT-like parameter name (``...encoder.layer.3.attention...``).
#: Finds the encoder layer index in a parameter name.
LAYER_PATTERN = re.compile(r"\.encoder\.layer\.(\d+)\.")


@dataclass(frozen=True)
class FinetuneConfig:
    """Training parameters. Training stops at ``max_steps``, ``time_budget_s`` or after
    ``epochs`` passes over the pairs, whichever comes first."""

    seed: int = 13
    batch_size: int = 64
    learning_rate: float = 3e-5
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    epochs: int = 1
    max_steps: int | None = None
    time_budget_s: float | None = None
    prompt: str = "query: "
    max_seq_length: int = 64
    scale: float = 20.0
    freeze_word_embeddings: bool = True
    threads: int | None = None
    #: Encoder layers kept as they are, counted from the bottom (0 trains them all).
    frozen_layers: int = 0
    #: Weight of the drift penalty: the mean ``1 - cos`` between each batch text's embedding
    #: and the starting model's (feature distillation; 0 trains on the ranking loss alone).
    preserve: float = 0.0
    #: When > 0, the drift penalty is measured on this many texts drawn per step from the
    #: ``preserve_pool`` given to :func:`finetune` (e.g. skill labels and phrases) instead of
    #: on the batch texts.
    preserve_batch: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class FinetuneResult:
    """What a run did: steps taken, why it stopped, and the loss after every step."""

    steps: int
    pairs_seen: int
    seconds: float
    stopped_by: str  # "max_steps" | "time_budget" | "epochs"
    losses: list[float] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "steps": self.steps,
            "pairs_seen": self.pairs_seen,
            "seconds": round(self.seconds, 1),
            "stopped_by": self.stopped_by,
            "first_loss": round(self.losses[0], 4) if self.losses else None,
            "last_loss": round(self.losses[-1], 4) if self.losses else None,
        }


def load_trainable(folder: Path, threads: int | None = None) -> SentenceTransformer:
    """A model folder loaded on the CPU in float32, ready to train."""
    from sentence_transformers import SentenceTransformer

    from models.encoder import configure_torch_threads, quiet_hf_progress

    configure_torch_threads(threads)
    with quiet_hf_progress():
        model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    return model.float()


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def batches(
    pairs: Sequence[TrainingPair], batch_size: int, rng: random.Random
) -> Iterator[list[TrainingPair]]:
    """One shuffled pass over ``pairs`` in batches of one kind without repeated concepts or texts.

    One kind per batch (as sentence-transformers' proportional multi-dataset sampler does) keeps
    lengths alike: a single skill description in a batch of short labels would pad all of them
    to its length (about 6-7 s per step on 2 cores, against ~4.3 s one kind per batch). Kinds
    take turns at random in proportion to what they have left. A pair that clashes with the
    batch being filled waits for the next one; the last batches of a kind may be smaller.
    """
    by_kind: dict[str, list[TrainingPair]] = {}
    for pair in pairs:
        by_kind.setdefault(pair.kind.value, []).append(pair)
    streams = {kind: _kind_batches(group, batch_size, rng) for kind, group in by_kind.items()}
    left = {kind: len(group) for kind, group in by_kind.items()}
    while streams:
        kinds = sorted(streams)
        kind = rng.choices(kinds, weights=[left[k] for k in kinds])[0]
        batch = next(streams[kind], None)
        if batch is None:
            del streams[kind]
            continue
        left[kind] = max(1, left[kind] - len(batch))
        yield batch


def _kind_batches(
    pairs: Sequence[TrainingPair], batch_size: int, rng: random.Random
) -> Iterator[list[TrainingPair]]:
    waiting = list(pairs)
    rng.shuffle(waiting)
    while waiting:
        batch: list[TrainingPair] = []
        used: set[str] = set()
        rest: list[TrainingPair] = []
        for i, pair in enumerate(waiting):
            if len(batch) == batch_size:
                rest.extend(waiting[i:])
                break
            keys = {pair.concept_uri, pair.anchor.casefold(), pair.positive.casefold()}
            if keys & used:
                rest.append(pair)
            else:
                batch.append(pair)
                used |= keys
        waiting = rest
        yield batch


def freeze_lower_layers(model: SentenceTransformer, n: int) -> int:
    """Stop gradients to every embedding and to encoder layers ``0 .. n-1``; returns how many
    parameters froze.

    The skill ranker scores short phrase windows ("SQL", "languages") against labels; changing
    the lower layers cost it more first places than changing the upper ones (TECH validation
    MRR, each half of a short run reverted to the base in turn: 0.757 with only the lower half
    trained, 0.794 with only the upper half, base 0.826).
    """
    if n <= 0:
        return 0
    return _freeze(
        model,
        lambda name: (
            ".embeddings." in name
            or ((layer := LAYER_PATTERN.search(name)) is not None and int(layer.group(1)) < n)
        ),
    )


def freeze_word_embeddings(model: SentenceTransformer) -> int:
    """Stop gradients to the token-embedding matrix; returns how many parameters froze."""
    return _freeze(model, lambda name: name.endswith(WORD_EMBEDDINGS))


def _freeze(model: SentenceTransformer, chosen: Callable[[str], bool]) -> int:
    """Stop gradients to the parameters whose names are ``chosen``; returns how many froze."""
    frozen = 0
    for name, param in model.named_parameters():
        if chosen(name):
            param.requires_grad_(False)
            frozen += param.numel()
    return frozen


def finetune(
    model: SentenceTransformer,
    pairs: Sequence[TrainingPair],
    config: FinetuneConfig = FinetuneConfig(),
    progress: TrainProgress | None = None,
    preserve_pool: Sequence[str] | None = None,
) -> FinetuneResult:
    """Train ``model`` in place on ``pairs`` and report what was done.

    With ``config.preserve`` and ``config.preserve_batch`` > 0, ``preserve_pool`` holds the texts
    whose embeddings should stay where the starting model put them."""
    import torch
    from sentence_transformers.base.losses.merged_forward import embed_columns
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    if not pairs:
        raise ValueError("no training pairs")
    if config.preserve_batch > 0 and (not preserve_pool or config.preserve <= 0):
        raise ValueError("preserve_batch > 0 needs preserve > 0 and a preserve_pool of texts")
    seed_everything(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)
    if config.freeze_word_embeddings:
        freeze_word_embeddings(model)
    freeze_lower_layers(model, config.frozen_layers)
    loss_fn = MultipleNegativesRankingLoss(model, scale=config.scale)
    reference = _frozen_copy(model) if config.preserve > 0 else None
    trainable = [p for p in model.parameters() if p.requires_grad]
    # The fused kernel makes a CPU step about 4x faster than the default per-tensor loop.
    optimizer = torch.optim.AdamW(
        trainable, lr=config.learning_rate, weight_decay=config.weight_decay, fused=True
    )
    per_epoch = math.ceil(len(pairs) / config.batch_size)
    total = per_epoch * config.epochs
    if config.max_steps is not None:
        total = min(total, config.max_steps)
    schedule = _Schedule(total, config.warmup_ratio)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule.factor)
    saved_length = model.max_seq_length
    model.max_seq_length = config.max_seq_length
    rng = random.Random(config.seed)
    pool_rng = random.Random(config.seed + 1)
    pool = list(preserve_pool or ())
    losses: list[float] = []
    seen = 0
    started = time.monotonic()
    stopped_by = "epochs"
    model.train()
    try:
        for _ in range(config.epochs):
            for batch in batches(pairs, config.batch_size, rng):
                if config.max_steps is not None and len(losses) >= config.max_steps:
                    stopped_by = "max_steps"
                    break
                if config.time_budget_s is not None and (
                    time.monotonic() - started >= config.time_budget_s
                ):
                    stopped_by = "time_budget"
                    break
                features = _features(model, batch, config.prompt)
                embeddings = embed_columns(model, features)
                loss = loss_fn.compute_loss_from_embeddings(embeddings, None)
                if reference is not None and config.preserve_batch > 0:
                    drawn = pool_rng.sample(pool, min(config.preserve_batch, len(pool)))
                    kept = [dict(model.preprocess([config.prompt + text for text in drawn]))]
                    loss = loss + config.preserve * _drift(
                        reference, kept, embed_columns(model, kept)
                    )
                elif reference is not None:
                    loss = loss + config.preserve * _drift(reference, features, embeddings)
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                optimizer.step()
                scheduler.step()
                losses.append(float(loss.detach()))
                seen += len(batch)
                if config.time_budget_s is not None and len(losses) == PACE_STEPS:
                    pace = len(losses) / (time.monotonic() - started)
                    schedule.fit_to(int(pace * config.time_budget_s))
                if progress:
                    progress(len(losses), total, losses[-1])
            else:
                continue
            break
    finally:
        model.eval()
        model.max_seq_length = saved_length
    return FinetuneResult(len(losses), seen, time.monotonic() - started, stopped_by, losses)


def _frozen_copy(model: SentenceTransformer) -> SentenceTransformer:
    """The starting model, frozen, to measure drift against."""
    import copy

    reference = copy.deepcopy(model).eval()
    for parameter in reference.parameters():
        parameter.requires_grad_(False)
    return reference


def _drift(reference: SentenceTransformer, features: list[dict], embeddings: list) -> object:
    """Mean ``1 - cos`` between the trained and the starting model's embeddings of the batch.

    Measured once (10-minute runs, TECH validation hybrid MRR, base 0.826): with a weight of
    10 it kept the labels near where they started but not the skill ranker's first places
    (0.756, as without it), because the phrase windows that lose them are not batch texts.
    Freezing the lower layers did better (:func:`freeze_lower_layers`).
    """
    import torch
    from sentence_transformers.base.losses.merged_forward import embed_columns

    with torch.no_grad():
        before = embed_columns(reference, features)
    drifts = [
        1.0 - torch.nn.functional.cosine_similarity(now, then, dim=-1).mean()
        for now, then in zip(embeddings, before, strict=True)
    ]
    return torch.stack(drifts).mean()


class _Schedule:
    """Linear warm-up then linear decay to zero over ``total`` steps. With a time budget the
    span is re-estimated from the pace of the first :data:`PACE_STEPS` steps, so the learning
    rate reaches zero when the budget runs out rather than at the end of an epoch never
    reached."""

    def __init__(self, total: int, warmup_ratio: float) -> None:
        self.warmup_ratio = warmup_ratio
        self.limit = self.total = max(1, total)
        self.warmup = max(1, int(self.total * warmup_ratio))

    def fit_to(self, expected_steps: int) -> None:
        self.total = max(PACE_STEPS + 1, min(self.limit, expected_steps))
        self.warmup = max(1, int(self.total * self.warmup_ratio))

    def factor(self, step: int) -> float:
        return min((step + 1) / self.warmup, max(0.0, (self.total - step) / self.total))


def _features(model: SentenceTransformer, batch: list[TrainingPair], prompt: str) -> list[dict]:
    """Tokenised columns: anchors, positives, and negatives when every pair has one."""
    columns = [[p.anchor for p in batch], [p.positive for p in batch]]
    if all(p.negative for p in batch):
        columns.append([p.negative or "" for p in batch])
    return [dict(model.preprocess([prompt + text for text in column])) for column in columns]

"""A tiny random-weight BERT sentence-transformers folder for training tests (no internet).

Its tokenizer is a word-level vocabulary of the given texts; the folder has the layout and
``skillmatch_model.json`` of a provisioned model, so it can stand in as a base model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from models.manifest import ModelManifest, folder_file_sizes, sha256_file

PROMPTS = {"query": "query: ", "passage": "passage: "}


def write_tiny_model(
    folder: Path, texts: Iterable[str], *, seed: int = 0, float16: bool = False
) -> ModelManifest:
    """Build ``folder/base`` (hidden size 32, 2 layers) and return its manifest.

    ``float16`` stores the weights as the provisioned default model does (what a fine-tuned
    export writes too, so a delta holds only the changed tensors).
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    hf = folder / "hf"
    tokenizer = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    trainer = trainers.WordLevelTrainer(special_tokens=specials)
    tokenizer.train_from_iterator(["query: passage:", *texts], trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=tokenizer.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        pad_token_id=0,
    )
    BertModel(config).save_pretrained(hf)
    fast.save_pretrained(hf)
    transformer = Transformer(str(hf), max_seq_length=32)
    model = SentenceTransformer(
        modules=[transformer, Pooling(32, "mean"), Normalize()], device="cpu", prompts=PROMPTS
    )
    out = folder / "base"
    model.save(str(out))
    if float16:
        from models.export import write_float16_weights

        write_float16_weights(out / "model.safetensors")
    manifest = ModelManifest(
        name="tiny-bert",
        version="tiny-bert+test",
        weights_sha256=sha256_file(out / "model.safetensors"),
        dim=32,
        max_seq_length=32,
        prompts=PROMPTS,
        files=folder_file_sizes(out),
    )
    manifest.write(out)
    return manifest


def write_tiny_finetuned(
    root: Path, pairs: Sequence, config, *, tag: str, float16: bool = False
) -> tuple[Path, Path]:
    """A tiny base model over ``pairs``' texts (``root/base``) and a run of ``config`` on
    ``pairs`` exported from it (``root/tuned``); returns both folders."""
    from models.export import save_finetuned
    from models.finetune import finetune, load_trainable
    from models.training_pairs import count_by_kind

    write_tiny_model(root, [t for p in pairs for t in (p.anchor, p.positive)], float16=float16)
    base, tuned = root / "base", root / "tuned"
    model = load_trainable(base)
    result = finetune(model, pairs, config)
    save_finetuned(
        model,
        tuned,
        base,
        tag=tag,
        taxonomy="toy",
        pair_counts=count_by_kind(pairs),
        config=config,
        result=result,
    )
    return base, tuned

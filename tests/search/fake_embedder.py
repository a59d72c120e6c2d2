"""A stand-in for the embedding model where a test needs vectors but not their meaning: words
hashed into the model's 384 dimensions, so equal texts get equal vectors and calls can be counted."""

import hashlib

import numpy as np

from forum.search.semantic import DIM


class HashingEmbedder:
    calls = 0
    fail_after: int | None = None  # passages embedded before it starts raising (an interrupted run)

    def _vector(self, text: str):
        vector = np.zeros(DIM, dtype=np.float32)
        for word in text.lower().split():
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIM] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def query(self, text: str):
        return self._vector(text)

    def passage(self, texts: list[str]):
        cls = type(self)
        if cls.fail_after is not None and cls.calls + len(texts) > cls.fail_after:
            raise RuntimeError("the model crashed")
        cls.calls += len(texts)
        return np.stack([self._vector(t) for t in texts])

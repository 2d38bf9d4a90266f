"""Requests per API key, in a moving window (the ``limits`` library, in memory)."""

from __future__ import annotations

import math
import time

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from taxonomy.errors import BadInputError, RateLimitedError


class RateLimiter:
    def __init__(self, rate: str) -> None:
        try:
            self.limit = parse(rate)
        except ValueError as err:
            raise BadInputError(f"not a rate limit: {rate!r} ({err})") from None
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, key_id: str) -> None:
        """Count one request of ``key_id``; RateLimitedError (429) when over the limit."""
        if self._limiter.hit(self.limit, key_id):
            return
        reset, _ = self._limiter.get_window_stats(self.limit, key_id)
        retry_after = max(1, math.ceil(reset - time.time()))
        raise RateLimitedError(
            f"Te veel verzoeken; probeer het over {retry_after} s opnieuw / too many requests; "
            f"retry in {retry_after} s",
            details={"retry_after": retry_after, "limit": str(self.limit)},
        )

"""Requests per API key, in a moving window (the ``limits`` library; counts in memory by
default, or in a shared storage such as Redis for several service processes)."""

from __future__ import annotations

import math
import time

from limits import parse
from limits.errors import ConfigurationError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from taxonomy.errors import BadInputError, RateLimitedError


class RateLimiter:
    def __init__(self, rate: str, storage_uri: str = "memory://") -> None:
        try:
            self.limit = parse(rate)
        except ValueError as err:
            raise BadInputError(f"not a rate limit: {rate!r} ({err})") from None
        try:
            storage = storage_from_string(storage_uri)
        except (ValueError, ConfigurationError) as err:
            message = f"not a usable rate-limit storage: {storage_uri!r} ({err})"
            raise BadInputError(message) from None
        self._limiter = MovingWindowRateLimiter(storage)

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

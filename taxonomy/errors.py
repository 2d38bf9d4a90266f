"""The project's one error family.

It lives in the lowest layer so that every layer (taxonomy → models → matcher → api) can raise
it; the CLI and the HTTP service each translate it in exactly one place.
"""

from __future__ import annotations


class SkillmatchError(Exception):
    """Base class of every error skillmatch raises on purpose."""

    code = "error"
    #: HTTP status the service maps this error to.
    http_status = 500
    #: Exit status the CLI maps this error to.
    exit_code = 1

    def __init__(self, message: str, *, details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class BadInputError(SkillmatchError):
    """The caller gave input we cannot use (malformed file, unknown option, empty text)."""

    code = "bad_input"
    http_status = 422
    exit_code = 2


class NotFoundError(SkillmatchError):
    """A concept, record or file that was asked for does not exist."""

    code = "not_found"
    http_status = 404
    exit_code = 3


class ConflictError(SkillmatchError):
    """The request conflicts with stored state (stale version, mixed models)."""

    code = "conflict"
    http_status = 409
    exit_code = 4


class ForbiddenError(SkillmatchError):
    """The caller may not do this (role, consent)."""

    code = "forbidden"
    http_status = 403
    exit_code = 5


class NotReadyError(SkillmatchError):
    """A required artefact (model, taxonomy, embeddings) is not provisioned yet."""

    code = "not_ready"
    http_status = 503
    exit_code = 6


class UnauthorizedError(SkillmatchError):
    """No API key, or one that is unknown or revoked."""

    code = "unauthorized"
    http_status = 401
    exit_code = 5


class PreconditionError(SkillmatchError):
    """A write named no version (``If-Match``) where one is required."""

    code = "precondition_required"
    http_status = 428
    exit_code = 4


class TooLargeError(SkillmatchError):
    """An upload or text above the documented size limits."""

    code = "too_large"
    http_status = 413
    exit_code = 2


class RateLimitedError(SkillmatchError):
    """Too many requests for one key; ``details["retry_after"]`` says when to come back."""

    code = "rate_limited"
    http_status = 429
    exit_code = 7

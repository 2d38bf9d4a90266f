"""Maps the project's error family (and framework errors) to one HTTP error body, once."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from taxonomy.errors import RateLimitedError, SkillmatchError

log = logging.getLogger("skillmatch.api")


def error_body(code: str, message: str, details: object | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SkillmatchError)
    async def _skillmatch(_: Request, err: SkillmatchError) -> JSONResponse:
        headers = {}
        if isinstance(err, RateLimitedError):
            headers["Retry-After"] = str(err.details.get("retry_after", 1))
        if err.http_status == 401:
            headers["WWW-Authenticate"] = "ApiKey"
        return JSONResponse(
            error_body(err.code, err.message, err.details), err.http_status, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, err: RequestValidationError) -> JSONResponse:
        problems = [
            {"location": list(e.get("loc", ())), "message": e.get("msg", "")} for e in err.errors()
        ]
        message = "; ".join(
            f"{'.'.join(map(str, p['location']))}: {p['message']}" for p in problems
        )
        return JSONResponse(
            error_body(
                "bad_input",
                f"Ongeldige invoer / invalid input: {message}"[:2000],
                {"errors": problems[:20]},
            ),
            422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, err: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            err.status_code, "http_error"
        )
        return JSONResponse(error_body(code, str(err.detail)), err.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> JSONResponse:
        # the route and error type only: never request bodies (they may hold CV text)
        log.error("unexpected %s on %s %s", type(err).__name__, request.method, request.url.path)
        return JSONResponse(error_body("internal", "Interne fout / internal error"), 500)

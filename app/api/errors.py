"""One error shape for every failure: {"error": {"status", "message", "field", "errors": [...]}}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api.openapi import matching_paths
from app.db import is_busy
from app.store.errors import InputError, NotFound
from app.store.preconditions import StaleRecord

# What a 503 asks the client to wait before sending the same request again (seconds).
BUSY_RETRY_AFTER_SECONDS = 5


def error_response(status: int, message: str, field: str | None = None, errors: list | None = None) -> JSONResponse:
    body = {"status": status, "message": message, "field": field, "errors": errors or []}
    return JSONResponse({"error": body}, status_code=status)


def _field(loc: tuple) -> str:
    # A repeated query parameter is named once: `facet`, not `facet.0`.
    in_query = bool(loc) and loc[0] == "query"
    parts = [
        str(p) for p in loc if p not in ("query", "body", "path", "header") and not (in_query and isinstance(p, int))
    ]
    return ".".join(parts) or (str(loc[0]) if loc else "request")  # the whole body, say


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _field(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
        first = errors[0] if errors else {"field": None, "message": "invalid request"}
        return error_response(422, f"{first['field']}: {first['message']}", first["field"], errors)

    @app.exception_handler(InputError)
    async def _input(_: Request, exc: InputError) -> JSONResponse:
        return error_response(exc.status, str(exc), exc.field, [{"field": exc.field, "message": exc.message}])

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return error_response(404, str(exc), None)

    @app.exception_handler(StaleRecord)
    async def _stale(_: Request, exc: StaleRecord) -> JSONResponse:
        body = {
            "error": {"status": 412, "message": str(exc), "field": "If-Match", "errors": []},
            "current": jsonable_encoder(exc.current),
        }
        return JSONResponse(body, status_code=412, headers={"ETag": exc.etag})

    @app.exception_handler(IntegrityError)
    async def _conflict(_: Request, exc: IntegrityError) -> JSONResponse:
        return error_response(409, "the change conflicts with what is stored", None)

    @app.exception_handler(OperationalError)
    async def _busy(_: Request, exc: OperationalError) -> JSONResponse:
        if not is_busy(exc):
            raise exc  # a real failure: the server error it is
        message = (
            "the database stayed busy with other writes longer than this server waits "
            f"(CLAIMBASE_LOCK_WAIT_SECONDS); nothing was changed: send the request again in "
            f"{BUSY_RETRY_AFTER_SECONDS} s"
        )
        response = error_response(503, message, None)
        response.headers["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        response = error_response(exc.status_code, message, None)
        if exc.headers:
            response.headers.update(exc.headers)
        if exc.status_code == 405 and (methods := allowed_methods(request)):
            response.headers["Allow"] = ", ".join(methods)
        return response


def allowed_methods(request: Request) -> list[str]:
    """Every method the schema documents at this path (Starlette names only the first route's)."""
    spec = request.app.openapi()
    methods: set[str] = set()
    for template in matching_paths(spec, request.url.path):
        methods |= {m.upper() for m in spec["paths"][template]}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)

"""The web front end's router and static files, included by app.api.main.create_app."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from app.web import pages_records, pages_search, pages_work
from app.web.context import STATIC, LoginRequired, login_url

router = APIRouter(include_in_schema=False)
router.include_router(pages_search.router)
router.include_router(pages_records.router)
router.include_router(pages_work.router)


def mount_static(app: FastAPI) -> None:
    """Serve app/web/static at /static, and send page requests of a private instance to the login form."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(_: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(login_url(exc.next_url), status_code=303)

"""The FastAPI application: the REST API under /api and the web front end at /."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from sqlalchemy.orm import Session, sessionmaker

from app import __version__
from app.api.body_limit import BodySizeLimit
from app.api.errors import install_error_handlers
from app.api.guard import RequestGuard
from app.api.openapi import install_openapi
from app.api.repeats import refuse_repeated_values
from app.api.response_cache import ResponseCache
from app.api.routes import articles, attributions, changes, claims, clusters, export, health, review, speakers, stats
from app.config import Settings, get_settings
from app.data_version import data_version
from app.db import make_engine, make_sessionmaker
from app.store.articles import ArticleInput
from app.web.routes import mount_static
from app.web.routes import router as web_router

api = APIRouter(prefix="/api", dependencies=[Depends(refuse_repeated_values)])
api.include_router(health.router)
api.include_router(articles.router)
api.include_router(speakers.router)
api.include_router(attributions.router)
api.include_router(review.router)
api.include_router(claims.router)
api.include_router(clusters.router)
api.include_router(stats.router)
api.include_router(export.router)
api.include_router(changes.router)


def create_app(settings: Settings | None = None, session_factory: sessionmaker[Session] | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="claimbase",
        version=__version__,
        description="Who asserted what, where it was reported, and how it was sourced.",
    )
    app.state.settings = settings
    version = None
    if session_factory is None:
        engine = make_engine(settings.database_url, lock_wait_seconds=settings.lock_wait_seconds)
        session_factory = make_sessionmaker(engine)
        # An injected session factory (the tests' rolled-back transaction) writes where no other
        # connection can see it, so its answers are never kept.
        version = data_version(engine) if settings.response_cache_mb > 0 else None
    app.state.sessionmaker = session_factory
    install_error_handlers(app)
    install_openapi(app, extra_models=[ArticleInput])
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    if version is not None:
        app.add_middleware(ResponseCache, version=version, budget_bytes=int(settings.response_cache_mb * 2**20))
    app.add_middleware(RequestGuard, allowed_hosts=settings.allowed_hosts)
    app.include_router(api)
    mount_static(app)
    app.include_router(web_router)
    return app

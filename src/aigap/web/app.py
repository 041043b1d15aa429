"""The web app: FastAPI over the store. Pages (``pages``) and the REST API (``api``) share the
computations in ``service``; every error is JSON of one shape; a strict CSP forbids inline script."""

from __future__ import annotations

import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from aigap import __version__
from aigap.config import Settings
from aigap.errors import AigapError, NotFound
from aigap.sources import FetchOptions, IngestOptions
from aigap.store import Store, current_revision

from .docs import DOCS_CSP
from .guard import RequestGuard, error_body
from .service import Cache, counts, warm
from .workers import Workers

__all__ = ["CSP", "create_app", "error_body", "serve"]

# Scripts only from this server (no inline script, no eval); Plotly sets styles through the CSSOM and
# injects a stylesheet, so inline styles are allowed - they cannot run code.
# img-src blob: data: lets Plotly's "download plot" make its PNG/SVG in the page.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
STATIC = Path(__file__).with_name("static")
MAX_UPLOAD = 10 * 1024 * 1024


def _plotly_js() -> Path:
    """Plotly.js as the plotly package ships it: pages need no internet."""
    return Path(str(resources.files("plotly").joinpath("package_data/plotly.min.js")))


class SecurityHeaders:
    """CSP and friends on every response, as plain ASGI (Starlette's ``BaseHTTPMiddleware`` runs each
    request through an extra task and stream, which shows in the API's latency under load)."""

    _COMMON = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
               (b"x-frame-options", b"DENY"))

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path") in ("/docs", "/redoc") else CSP

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", *(h for h, _ in self._COMMON))]
                message = {**message, "headers": [*headers, (b"content-security-policy", csp.encode()), *self._COMMON]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings, *, allow_private_urls: bool = False, max_upload: int = MAX_UPLOAD,
               allowed_url_hosts: frozenset[str] = frozenset(), threads: int | None = None,
               extract_processes: int | None = None, fetch_deadline: float = 60.0, warm_up: bool = True) -> FastAPI:
    """``allow_private_urls`` lets URL ingestion reach any private address; ``allowed_url_hosts`` only
    those hosts (each redirect hop is checked again). ``threads``: requests served at once (default 2
    on SQLite, 8 on PostgreSQL). ``extract_processes``: processes reading and extracting documents
    sent to the API (default: one per core). ``fetch_deadline``: seconds a URL fetch may take in all.
    ``warm_up``: compute the dashboard's first analyses at start, before anyone asks."""
    from . import api, docs, extra, pages, review, reweigh

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        # Few request threads: SQLite's driver hands the GIL back and forth on every row it steps,
        # so 40 threads reading at once serve fewer requests per second than a handful; requests
        # beyond that wait in the event loop, not in the GIL. PostgreSQL answers a page in one read.
        sqlite = settings.database_url.startswith("sqlite")
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads or (2 if sqlite else 8)
        # The dashboard's analyses, computed while the first visitor is still on the way; a server
        # stopping stops the warm-up at its next step rather than leave it burning a core.
        stopping = threading.Event()
        if warm_up:
            threading.Thread(target=warm, args=(open_store, app.state.cache, stopping), daemon=True).start()
        try:
            yield
        finally:
            stopping.set()
            app.state.workers.close()

    # docs_url/redoc_url None: FastAPI's own pages load a CDN and run an inline script (see .docs).
    app = FastAPI(title="aigap", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Evidence on the AI race between countries: documents, claims, conflicts, gaps.")
    app.state.settings = settings
    app.state.allow_private_urls = allow_private_urls
    app.state.allowed_url_hosts = frozenset(h.lower() for h in allowed_url_hosts)
    app.state.max_upload = max_upload
    app.state.workers = Workers(extract_processes)
    app.state.fetch_options = IngestOptions(fetch=FetchOptions(deadline=fetch_deadline))
    app.state.store = None
    lock = threading.Lock()

    def open_store() -> Store:
        with lock:
            if app.state.store is None:
                app.state.store = Store.open(settings.database_url)
        opened: Store = app.state.store
        return opened

    app.state.cache = Cache(lambda: open_store().revision())

    app.state.open_store = open_store

    app.add_middleware(RequestGuard)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: the guard's answers get the headers

    @app.exception_handler(AigapError)
    async def aigap_error(_request: Request, exc: AigapError) -> JSONResponse:
        return JSONResponse(error_body(type(exc).__name__, exc.message, exc.hint), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body"))
        return JSONResponse(error_body("ValidationError", f"{where}: {first.get('msg', 'invalid')}"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(error_body("HTTPError", str(exc.detail)), status_code=exc.status_code)

    @app.get("/healthz", tags=["meta"])
    def healthz() -> JSONResponse:
        try:
            s = open_store()
            c = counts(s, app.state.cache)  # counting 10 million rows each time is no health check
            body = {"status": "ok", "version": __version__,
                    "database": {"dialect": s.dialect, "revision": current_revision(s.engine),
                                 "documents": c.documents, "claims": c.claims, "observations": c.observations}}
            return JSONResponse(body)
        except AigapError as exc:
            return JSONResponse(error_body(type(exc).__name__, exc.message, exc.hint), status_code=503)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        # A fixed set of files: no request path ever reaches the filesystem.
        files = {"app.js": STATIC / "app.js", "style.css": STATIC / "style.css", "review.js": STATIC / "review.js", "plotly.min.js": _plotly_js()}
        path = files.get(name)
        if path is None:
            raise NotFound(f"no static file {name!r}")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})

    app.include_router(api.router, tags=["api"])
    app.include_router(pages.router, include_in_schema=False)
    app.include_router(docs.router)
    app.include_router(extra.router)
    app.include_router(reweigh.router)  # before api's /gap routes are matched: its own path
    app.include_router(review.api_router)
    app.include_router(review.page_router, include_in_schema=False)
    return app


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000, allow_private_urls: bool = False,
          allowed_url_hosts: frozenset[str] = frozenset()) -> None:
    """Run the app under uvicorn; without AIGAP_TOKEN a token for writes is generated and printed."""
    import uvicorn

    if settings.token is None:
        token = secrets.token_urlsafe(24)
        settings = Settings(home=settings.home, database_url=settings.database_url, token=token)
        print(f"API write token (set AIGAP_TOKEN to choose one): {token}", flush=True)
    print(f"serving the dashboard on http://{host}:{port}", flush=True)
    app = create_app(settings, allow_private_urls=allow_private_urls, allowed_url_hosts=allowed_url_hosts)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)

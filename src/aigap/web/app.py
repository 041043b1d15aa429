"""The web app: FastAPI routes over the store, Jinja2 pages with autoescaping, one JSON error shape."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from aigap import __version__
from aigap.config import Settings
from aigap.errors import AigapError
from aigap.store import ClaimFilter, Store, current_revision

__all__ = ["create_app", "error_body", "serve"]

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"


def error_body(kind: str, message: str, hint: str | None = None) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"type": kind, "message": message, "hint": hint}}


def create_app(settings: Settings, *, allow_private_urls: bool = False) -> FastAPI:
    app = FastAPI(title="aigap", version=__version__, description="Evidence on the AI race between countries.")
    app.state.settings = settings
    app.state.allow_private_urls = allow_private_urls
    app.state.store = None

    def store() -> Store:
        if app.state.store is None:
            app.state.store = Store.open(settings.database_url)
        opened: Store = app.state.store
        return opened

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        if not request.url.path.startswith("/docs"):
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(AigapError)
    async def aigap_error(_request: Request, exc: AigapError) -> JSONResponse:
        return JSONResponse(error_body(type(exc).__name__, exc.message, exc.hint), status_code=exc.status_code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(error_body("HTTPError", str(exc.detail)), status_code=exc.status_code)

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            s = store()
            c = s.counts()
            body = {"status": "ok", "version": __version__,
                    "database": {"dialect": s.dialect, "revision": current_revision(s.engine),
                                 "documents": c.documents, "claims": c.claims, "observations": c.observations}}
            return JSONResponse(body)
        except AigapError as exc:
            return JSONResponse(error_body(type(exc).__name__, exc.message, exc.hint), status_code=503)

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        s = store()
        docs = s.documents()
        claims = s.claims(ClaimFilter(limit=2000))
        by_doc: dict[int, list[Any]] = {}
        for c in claims:
            by_doc.setdefault(c.document_id, []).append(c.claim)
        from aigap.reconcile import attribution

        return TEMPLATES.TemplateResponse(request, "index.html", {"docs": docs, "claims": by_doc, "counts": s.counts(),
                                                                  "attribution": attribution()})

    @app.get("/api/documents")
    def api_documents(limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        return [
            {"id": d.id, "doc_id": d.doc_id, "title": d.title, "author": d.author, "outlet": d.outlet,
             "published": d.published, "language": d.language, "story": d.story_id, "claims": d.n_claims,
             "source": d.source_uri}
            for d in store().documents(limit=min(max(limit, 1), 1000), offset=max(offset, 0))
        ]

    @app.get("/api/documents/{doc_id}")
    def api_document(doc_id: int) -> dict[str, Any]:
        s = store()
        d = s.document(doc_id)
        return {"id": d.id, "doc_id": d.doc_id, "title": d.title, "text": d.text, "language": d.language,
                "claims": [c.claim.to_json() for c in s.claims(ClaimFilter(document_id=d.id))]}

    return app


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000, allow_private_urls: bool = False) -> None:
    """Run the app under uvicorn; without AIGAP_TOKEN a token for writes is generated and printed."""
    import uvicorn

    if settings.token is None:
        token = secrets.token_urlsafe(24)
        settings = Settings(home=settings.home, database_url=settings.database_url, token=token)
        print(f"API write token (set AIGAP_TOKEN to choose one): {token}", flush=True)
    print(f"serving the dashboard on http://{host}:{port}", flush=True)
    uvicorn.run(create_app(settings, allow_private_urls=allow_private_urls), host=host, port=port, log_level="warning")

"""The API reference, offline: Swagger UI at /docs and Redoc at /redoc from the assets the
``fastapi-offline`` package ships (MIT; Swagger UI Apache-2.0, Redoc MIT), started by a script file of
our own, so the pages need no CDN and no inline script under the CSP."""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

from aigap.errors import NotFound

__all__ = ["DOCS_CSP", "router"]

# Swagger UI draws its icons as data: images; Redoc builds its search worker from a blob: URL.
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            "worker-src 'self' blob:; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")
_INIT = Path(__file__).with_name("static") / "docs-init.js"
_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")

router = APIRouter(include_in_schema=False)


def _asset(name: str) -> Path:
    return Path(str(resources.files("fastapi_offline").joinpath("static", name)))


def _page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f'<link rel="icon" href="/static/docs/favicon.png">{head}</head><body>{body}</body></html>')


@router.get("/docs", response_class=HTMLResponse)
def swagger() -> HTMLResponse:
    return _page("aigap API - Swagger UI", '<link rel="stylesheet" href="/static/docs/swagger-ui.css">',
                 '<div id="swagger-ui" data-openapi-url="/openapi.json"></div>'
                 '<script src="/static/docs/swagger-ui-bundle.js"></script>'
                 '<script src="/static/docs/docs-init.js"></script>')


@router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    # Redoc's standalone bundle starts itself on a <redoc spec-url> element.
    return _page("aigap API - ReDoc", "", '<redoc spec-url="/openapi.json"></redoc>'
                 '<script src="/static/docs/redoc.standalone.js"></script>')


@cache
def _redoc_js() -> bytes:
    # The bundle's "powered by" logo is the one off-host fetch it makes; the local icon stands in.
    return _asset("redoc.standalone.js").read_bytes().replace(
        b"https://cdn.redoc.ly/redoc/logo-mini.svg", b"/static/docs/favicon.png")


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    # Browsers ask for it on every site; a 404 would be a console error on every page.
    return FileResponse(_asset("favicon.png"), media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/static/docs/{name}", response_model=None)
def asset(name: str) -> FileResponse | Response:
    # A fixed set of files: no request path reaches the filesystem.
    if name == "redoc.standalone.js":
        return Response(_redoc_js(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})
    if name == "docs-init.js":
        path = _INIT
    elif name in _ASSETS:
        path = _asset(name)
    else:
        raise NotFound(f"no docs asset {name!r}")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})

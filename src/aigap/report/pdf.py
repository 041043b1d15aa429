"""HTML to PDF with a real renderer: headless chromium prints the self-contained HTML report.

The HTML's SVG charts stay vectors and its print styles set the pages. Chromium is found through
``AIGAP_CHROMIUM``, then ``chromium``, ``chromium-browser``, ``google-chrome`` on the PATH. It runs in a
throwaway profile (so it never meets a browser the user has open) and in its own process group, so a
hung renderer is stopped with everything it started.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from aigap.errors import ConfigError
from aigap.generated import mark_pdf

__all__ = ["find_chromium", "html_to_pdf"]

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The chromium to print with, or None."""
    env = os.environ.get("AIGAP_CHROMIUM")
    if env:
        return env if Path(env).is_file() and os.access(env, os.X_OK) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, out: Path, *, timeout: float = 120.0) -> Path:
    """Print ``html`` (a complete, self-contained document) to ``out`` as PDF."""
    exe = find_chromium()
    if exe is None:
        raise ConfigError("no chromium to print the PDF with",
                          hint="install chromium (apt-get install chromium) or set AIGAP_CHROMIUM to its path; "
                               "--format html gives the same report")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aigap-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(tmp) / "report.pdf"
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
               "--no-default-browser-check", "--no-pdf-header-footer",
               "--print-to-pdf-no-header",  # the older chromiums' name for the switch before
               f"--user-data-dir={tmp}/profile",
               f"--print-to-pdf={target}", page.as_uri()]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # chromium's own group: its zygote and renderers too
            proc.communicate()
            raise ConfigError(f"chromium did not print the PDF within {timeout:.0f}s") from None
        if proc.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            last = next((ln for ln in reversed(err.decode("utf-8", "replace").splitlines()) if ln.strip()), "")
            raise ConfigError(f"chromium could not print the PDF (exit {proc.returncode}): {last[:300]}")
        mark_pdf(target)  # aigap ingest knows its own reports
        shutil.move(str(target), out)
    return out

"""Drive Debian's headless Chromium with Playwright (never ``playwright install``: it downloads).

Used by the browser tests and by ``bench/bench_view.py``. :func:`skip_reason` says why a browser
cannot run here (no Chromium, no Playwright) so the tests can skip with that reason.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("HOMOLOGUE_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def skip_reason() -> str | None:
    """None when a browser can be started, else what to install."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}: apt-get install chromium (make browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -e '.[test]'"
    return None


@dataclass
class PageRun:
    """What happened while a page loaded: console errors, requests, dialogs, timing."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    stable_ms: float | None = None
    wall_s: float | None = None


@contextmanager
def browser():
    """A headless Chromium with a fresh profile, closed afterwards."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="homologue-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                viewport={"width": 1280, "height": 800})
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def open_view(context, path: Path, timeout_s: float = 30.0, screenshot: Path | None = None):
    """Load a view file, wait until it says it is stable; return (page, PageRun).

    Every request other than the file itself is recorded (and aborted, so a test that fails
    never reaches the network); console errors, uncaught exceptions and dialogs are recorded.
    """
    run = PageRun()
    page = context.new_page()
    url = Path(path).resolve().as_uri()

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            run.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and run.errors.append(m.text))
    page.on("pageerror", lambda exc: run.errors.append(str(exc)))
    page.on("request", lambda r: r.url != url and r.url not in run.requests
            and run.requests.append(r.url))

    def on_dialog(d):
        run.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    try:
        page.wait_for_selector("body[data-stable='1']", state="attached", timeout=timeout_s * 1000)
    except Exception as exc:  # say what the page said, not only that it timed out
        raise AssertionError(f"{path}: not stable within {timeout_s} s; console errors: "
                             f"{run.errors}; requests: {run.requests}") from exc
    run.wall_s = time.perf_counter() - start
    run.stable_ms = page.evaluate("window.homologueStableAt")
    if screenshot is not None:
        page.screenshot(path=str(screenshot))
    return page, run

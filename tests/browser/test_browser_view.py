"""The views in a real browser (Debian's headless Chromium): they load offline with no console
error and no request, draw the graph, keep article text inert, and their controls work.

Screenshots are written to the test's temporary folder (``pytest --basetemp`` to keep them).
"""

from __future__ import annotations

import time

import pytest

from chromium import browser, open_view, skip_reason
from homologue.export.view import ViewSpec, build_view, render_html, select_events, write_view

pytestmark = pytest.mark.slow

XSS = ['<script>window.__xss = 1</script>', '<img src=x onerror="window.__xss = 2">',
       '</script><script>window.__xss = 3</script>']
INK = """() => {
  const c = document.querySelector('#graph canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) ink++; }
  return ink;
}"""


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium for this module; the tests skip, saying why, if it cannot start."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with browser() as context:
        yield context


def write(tmp_path, name, graph, spec=ViewSpec()):
    events, notes = select_events(graph, spec)
    path = tmp_path / name
    path.write_text(render_html(build_view(graph, events, spec, notes)), encoding="utf-8")
    return path


def test_demo_views_load_offline_and_draw(chromium, seed_store, tmp_path):
    from homologue.store import open_store

    store = open_store(seed_store, read_only=True)
    for name, spec in [("all", ViewSpec()), ("actor", ViewSpec(actor="Lecornu", depth=2)),
                       ("pair", ViewSpec(pair=("Lecornu", "Shoigu"))),
                       ("state", ViewSpec(level="state", color="country"))]:
        path = tmp_path / f"{name}.html"
        write_view(store, path, spec)
        page, run = open_view(chromium, path, screenshot=tmp_path / f"{name}.png")
        assert run.errors == [] and run.requests == [] and run.dialogs == [], (name, run)
        assert page.evaluate(INK) > 500, f"{name}: nothing drawn on the canvas"
        assert page.evaluate("window.homologueStableAt") < 10_000
        if name == "pair":
            history = page.text_content("#history")
            assert "CONSULT" in history and "phone" in history and "Lecornu" in history
        page.close()


def test_article_text_is_shown_and_never_run(chromium, tmp_path):
    from test_view import small_graph  # noqa: E402  (tests/ is on the path)

    graph = small_graph()
    graph.actors[next(iter(graph.actors))]["label"] = XSS[1]
    lecornu = next(k for k in graph.actors if k.endswith("/lecornu"))
    graph.actors[lecornu]["labels"].append(XSS[0])
    graph.events[0]["evidence"] = [(XSS[2], " ".join(XSS))]
    path = write(tmp_path, "xss.html", graph, ViewSpec(pair=("lecornu", "shoigu")))
    page, run = open_view(chromium, path, screenshot=tmp_path / "xss.png")
    assert run.errors == [] and run.requests == [] and run.dialogs == []
    assert page.evaluate("window.__xss") is None
    history = page.text_content("#history")
    for text in XSS:
        assert text in history  # shown as text...
    assert page.evaluate("document.querySelectorAll('#side img, #side script').length") == 0
    # ...and in the edge tooltip, which vis-network shows on hover.
    box = page.evaluate("""() => {
      const net = window.homologueNetwork, ids = net.body.data.edges.getIds();
      const e = net.body.data.edges.get(ids[0]), p = net.getPositions([e.from, e.to]);
      const m = net.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
      const r = document.querySelector('#graph canvas').getBoundingClientRect();
      return {x: r.left + m.x, y: r.top + m.y};
    }""")
    page.mouse.move(box["x"] - 3, box["y"] - 3)
    page.mouse.move(box["x"], box["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tip = page.text_content("div.vis-tooltip")
    assert XSS[1] in tip and XSS[2] in tip
    assert page.evaluate("document.querySelectorAll('.vis-tooltip img, .vis-tooltip script').length") == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None and run.requests == [] and run.errors == []


def test_controls_filter_types_dates_and_search(chromium, tmp_path):
    from test_view import small_graph

    path = write(tmp_path, "controls.html", small_graph())
    page, run = open_view(chromium, path)
    counts = lambda: page.text_content("#counts")
    assert counts().startswith("6 of 6 actors, 7 of 7 events")
    page.uncheck("#types input[value=CONSULT]")
    assert "5 of 7 events" in counts()
    page.check("#types input[value=CONSULT]")
    page.fill("#since", "2025")
    assert counts().startswith("2 of 6 actors, 1 of 7 events")  # France supports Ukraine
    page.fill("#since", "20x")  # not a date: ignored, and marked
    assert "7 of 7 events" in counts() and page.get_attribute("#since", "class") == "bad"
    page.fill("#since", "")
    page.fill("#until", "2023")
    assert "1 of 7 events" in counts()
    page.fill("#search", "choigou")
    page.press("#search", "Enter")
    assert page.get_attribute("body", "data-focused") is None  # no such label in this graph
    assert "No actor matches" in page.text_content("#searchmsg")
    page.fill("#search", "shoigu")
    page.press("#search", "Enter")
    assert page.get_attribute("body", "data-focused") == "shoigu"
    assert page.evaluate("window.homologueNetwork.getSelectedNodes().length") == 1
    assert run.errors == []


@pytest.mark.parametrize("size", [1000, 5000])
def test_big_views_settle_fast_and_5000_is_reduced(chromium, tmp_path, size):
    from test_view import synthetic

    start = time.perf_counter()
    path = write(tmp_path, f"big{size}.html", synthetic(size))
    generated = time.perf_counter() - start
    page, run = open_view(chromium, path, timeout_s=20, screenshot=tmp_path / f"big{size}.png")
    assert run.errors == [] and run.requests == []
    assert run.stable_ms < 10_000, f"{size} nodes drawn after {run.stable_ms:.0f} ms"
    assert page.evaluate(INK) > 5000
    nodes = page.evaluate("window.homologueNetwork.body.data.nodes.length")
    assert nodes == 1000
    notice = page.text_content("#notice")
    if size == 5000:
        assert "Reduced view" in notice and "4000 actors" in notice and "--actor" in notice
    else:
        assert notice == ""
    print(f"{size} nodes: generated in {generated:.1f} s, drawn in {run.stable_ms / 1000:.1f} s")


def test_the_request_and_error_detectors_do_detect(chromium, tmp_path):
    """Guard for the tests above: a page that fetches and fails is caught, so 'none' means none."""
    path = tmp_path / "leaky.html"
    path.write_text('<!DOCTYPE html><meta charset="utf-8"><body data-stable="1">'
                    '<img src="http://127.0.0.1:9/x.png"><script>undefinedCall()</script>',
                    encoding="utf-8")
    page, run = open_view(chromium, path)
    assert any("127.0.0.1:9" in r for r in run.requests)
    assert any("undefinedCall" in e for e in run.errors)
    page.close()


def test_an_empty_view_loads_and_says_so(chromium, tmp_path):
    from test_view import small_graph

    path = write(tmp_path, "empty.html", small_graph(), ViewSpec(since="2030"))
    page, run = open_view(chromium, path)
    assert run.errors == [] and run.requests == []
    assert page.text_content("#counts").startswith("0 of 0 actors")
    assert "No events match" in page.text_content("#notice")

"""The slides in Chromium with the network cut: a deck made by `course slides` (lesson 1, English and Chinese) is
served from 127.0.0.1 only (every other request is refused and recorded), reveal.js starts from the copy beside the
deck, the deck advances to its last slide, and every chart renders on its slide; the speaker notes are there."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from browserkit import call_failed, open_context, shoot

from course import syllabus
from course.trainer import slides

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MODULE = syllabus.by_id(1)


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("slides")
    made = slides.build([MODULE], slides.LANGS, out, log=lambda *_a: None)
    return out, {lang: facts for _m, lang, _p, facts in made}


@pytest.fixture(scope="module")
def server(decks):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(decks[0])))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


SLIDE_IMAGES = """() => [...Reveal.getCurrentSlide().querySelectorAll('img')].map(i => ({
    idx: i.dataset.courseIdx, math: i.classList.contains('course-math'), complete: i.complete,
    natural: i.naturalWidth, width: i.getBoundingClientRect().width, chart: !i.classList.contains('course-math')}))"""


@pytest.mark.parametrize("lang", slides.LANGS)
def test_deck_runs_offline_advances_and_renders_every_chart(browser, server, decks, lang, request):
    ctx, pg = open_context(browser)
    refused: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(server + "/") or url.startswith(("data:", "about:")):
            r.continue_()
        else:
            refused.append(url)
            r.abort()

    try:
        pg.route("**/*", route)
        pg.goto(f"{server}/{lang}/{MODULE.id}.html")
        pg.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
        total = pg.evaluate("Reveal.getTotalSlides()")
        pg.evaluate("document.querySelectorAll('.reveal img').forEach((i, k) => { i.dataset.courseIdx = k; })")
        assert total > 10
        seen: dict[str, dict] = {}
        steps = 0
        while True:
            pg.wait_for_function("[...Reveal.getCurrentSlide().querySelectorAll('img')].every(i => i.complete)")
            for img in pg.evaluate(SLIDE_IMAGES):
                assert img["natural"] > 0 and img["width"] > 0, f"slide {steps}: an image did not render: {img}"
                if img["chart"]:
                    seen.setdefault(img["idx"], img)
            if pg.evaluate("Reveal.isLastSlide()") or steps > total + 5:
                break
            pg.evaluate("Reveal.next()")
            steps += 1
        assert pg.evaluate("Reveal.isLastSlide()"), "the deck did not reach its last slide"
        assert steps >= total - 1
        charts = pg.evaluate("document.querySelectorAll('.reveal img:not(.course-math)').length")
        assert charts == decks[1][lang]["charts"] >= 3, "every chart of the lesson is in the deck"
        assert len(seen) == charts, "every chart was shown, rendered, on its own slide"
        notes = pg.evaluate("[...document.querySelectorAll('aside.notes')].map(a => a.textContent.trim())")
        assert len(notes) == decks[1][lang]["notes"] and all(notes)
        assert refused == [], f"the deck asked the network for {refused[:5]}"
        assert not [m for m in pg.console_log if m.startswith("[pageerror]")], pg.console_log
    finally:
        shoot(pg, request.node.nodeid, call_failed(request), pg.console_log)
        ctx.close()

"""The chat and the reader in a real browser: Debian chromium driven by Playwright,
a real server (werkzeug in a thread) over a real index built once per session.

Every response carries the strict Content-Security-Policy the app will ship with,
and every page fails its test on a CSP violation or an uncaught script error.
Screenshots of an answered figure question go to /tmp/peel-desktop.png and
/tmp/peel-phone.png (or $PEEL_QA_SCREENSHOT_DIR).
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian chromium (/usr/bin/chromium) is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

from werkzeug.serving import make_server  # noqa: E402

from qa.build import build_index  # noqa: E402
from qa.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOC = "west-mercia-peel-effectiveness-2016"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIGURE_Q = "What is the rate of burglary in a dwelling in West Mercia?"
THRIVE_Q = "What does THRIVE stand for?"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
ANSWER_TIMEOUT = 30_000


# ---------------------------------------------------------------- server and browser

class Server:
    """A real WSGI server on 127.0.0.1, an OS-chosen port, in a daemon thread."""

    def __init__(self, app):
        self.httpd = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="browser-test-server", daemon=True)
        self.thread.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join(timeout=10)


def strict_app(index_dir: Path):
    """The real app, with at least the strict CSP on every response.

    The app's own security headers stay when it sets them; a response without a
    CSP (an app version without the hardening hooks) gets the one above.
    """
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    inner = app.wsgi_app

    def with_csp(environ, start_response):
        def start(status, headers, exc_info=None):
            if not any(name.lower() == "content-security-policy" for name, _ in headers):
                headers = [*headers, ("Content-Security-Policy", CSP)]
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    app.wsgi_app = with_csp
    return app


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="session")
def browser_index(request, tmp_path_factory) -> Path:
    """The session's shared real index when a conftest provides one, else one built here once."""
    try:
        return request.getfixturevalue("index_dir")
    except pytest.FixtureLookupError:
        path = tmp_path_factory.mktemp("browser-index")
        build_index([ROOT / "reports"], path)
        return path


@pytest.fixture(scope="session")
def server(browser_index):
    srv = Server(strict_app(browser_index))
    get_json(f"{srv.url}/ask?q=warm+up")  # load the index and the embedder once
    yield srv
    srv.stop()


@pytest.fixture()
def broken_server(tmp_path):
    """A real server whose index directory is empty: every API call answers 503."""
    srv = Server(strict_app(tmp_path / "no-index"))
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page reported: dialogs (dismissed), uncaught errors and CSP violations."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.csp: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp.append(message.text)


def open_page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page, Watch(page)


@pytest.fixture()
def page_and_watch(browser):
    context, page, watch = open_page(browser)
    yield page, watch
    context.close()
    assert not watch.errors, f"uncaught script errors: {watch.errors}"
    assert not watch.csp, f"Content-Security-Policy violations: {watch.csp}"
    assert not watch.dialogs, f"unexpected dialogs: {watch.dialogs}"


@pytest.fixture()
def page(page_and_watch):
    return page_and_watch[0]


def ask(page, question: str):
    """Type a question, press Enter and wait for the reply of that exchange to be filled."""
    before = page.locator(".exchange").count()
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    exchange = page.locator(".exchange").nth(before)
    expect(exchange.locator(".answer, .error-card")).to_be_visible(timeout=ANSWER_TIMEOUT)
    return exchange


def no_horizontal_scroll(page) -> tuple[int, int]:
    return page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")


# ---------------------------------------------------------------- the chat

def test_page_is_served_with_strict_csp_and_no_inline_code(server):
    with urllib.request.urlopen(f"{server.url}/", timeout=10) as response:
        policy = {d.strip() for d in response.headers["Content-Security-Policy"].split(";") if d.strip()}
        assert {d.strip() for d in CSP.split(";")} <= policy, policy
        html = response.read().decode("utf-8")
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    assert re.search(r"\son[a-z]+=", html) is None
    for name in ("chat.js", "reader.js", "common.js"):
        source = (ROOT / "web" / name).read_text(encoding="utf-8")
        unsafe = re.findall(r"\.(?:inner|outer)HTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function", source)
        assert not unsafe, f"{name} builds HTML from strings: {unsafe}"


def test_empty_page_suggests_questions_drawn_from_the_index(server, page):
    page.goto(server.url + "/")
    suggestions = page.locator(".suggestion")
    expect(suggestions.first).to_be_visible()
    texts = suggestions.all_inner_texts()
    assert 3 <= len(texts) <= 8
    doc = get_json(f"{server.url}/documents/{DOC}")
    titles = {s["path"][-1].split(" – ")[-1] for s in doc["sections"] if s["path"]}
    labels = [f["label"].lower() for f in get_json(f"{server.url}/figures")["figures"]]
    assert any(t in titles for t in texts), "no suggestion comes from a section title"
    if labels:
        assert any(label in t.lower() for t in texts for label in labels), "no suggestion comes from a figure label"
    suggestions.first.click()
    expect(page.locator(".exchange .question")).to_contain_text(texts[0])
    expect(page.locator(".exchange .answer")).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(page.locator("#suggest-box")).to_be_hidden()


def test_figure_question_draws_bars_for_force_and_england_and_wales(server, page):
    page.goto(server.url + "/")
    exchange = ask(page, FIGURE_Q)
    answer = exchange.locator(".answer")
    expect(answer).to_have_class(re.compile(r"answer--confident"))
    expect(answer).to_contain_text("5.3")
    expect(exchange.locator(".answer-citation")).to_contain_text("page 11")
    chart = exchange.locator(".chart").filter(has_text="Burglary in a dwelling")
    expect(chart).to_be_visible()
    expect(chart.locator(".chart-meta")).to_contain_text("per 1,000 households")
    expect(chart.locator(".chart-meta")).to_contain_text("12 months to 30 June 2016")
    force = chart.locator(".bar-row").filter(has_text="West Mercia Police")
    ew = chart.locator(".bar-row").filter(has_text="England and Wales")
    expect(force.locator(".bar-value")).to_have_text("5.3")
    expect(ew.locator(".bar-value")).to_have_text("8.1")
    # The bars are drawn (widths set through the CSSOM, which the CSP allows) and in proportion.
    force_width = force.locator(".bar-fill").bounding_box()["width"]
    ew_width = ew.locator(".bar-fill").bounding_box()["width"]
    assert 0 < force_width < ew_width
    assert force_width / ew_width == pytest.approx(5.3 / 8.1, rel=0.05)


def test_a_statistic_stated_in_a_sentence_is_drawn_with_its_sentence(server, page):
    page.goto(server.url + "/")
    exchange = ask(page, "What share of crime in West Mercia had a vulnerable victim, compared with nationally?")
    chart = exchange.locator(".chart").first
    expect(chart).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(chart.locator(".chart-figure")).to_have_text("In the text")
    expect(chart.locator(".chart-label")).to_contain_text("20.2 percent of all recorded crime in West Mercia")
    expect(chart.locator(".bar-row").filter(has_text="England and Wales").locator(".bar-value")).to_contain_text("14.3")


def test_grades_are_coloured_badges(server, page):
    if not any(f["figure"] == "Judgment" for f in get_json(f"{server.url}/figures")["figures"]):
        pytest.skip("no grades among the index's figures yet")
    page.goto(server.url + "/")
    exchange = ask(page, "How good is the force at tackling serious and organised crime?")
    badges = exchange.locator(".badge")
    expect(badges.first).to_be_visible()
    grade = badges.first.inner_text()
    assert grade in {"Outstanding", "Good", "Requires improvement", "Inadequate", "Ungraded"}
    colour = badges.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_definition_shows_the_passage_with_its_best_sentence(server, page):
    page.goto(server.url + "/")
    exchange = ask(page, THRIVE_Q)
    expect(exchange.locator(".answer")).to_have_class(re.compile(r"answer--confident"))
    expect(exchange.locator(".answer-text")).to_contain_text("threat, harm, risk and vulnerability")
    passage = exchange.locator(".passage").filter(has_text="THRIVE is a structured assessment").first
    expect(passage).to_be_visible()
    expect(passage.locator("mark")).to_contain_text("threat, harm, risk and vulnerability")
    expect(passage.locator(".passage-path")).to_contain_text("Does the force use effective approaches")
    expect(passage.locator(".cite")).to_contain_text("page 14")
    expect(passage.locator(".score")).to_have_text(re.compile(r"score \d\.\d\d"))


def test_more_context_fetches_the_neighbouring_chunks(server, page):
    page.goto(server.url + "/")
    exchange = ask(page, THRIVE_Q)
    first = exchange.locator(".passage").first
    href = first.locator(".cite").get_attribute("href")
    chunk_id = urllib.parse.parse_qs(href.split("#", 1)[1])["chunk"][0]
    chunk = get_json(f"{server.url}/chunks/{urllib.parse.quote(chunk_id)}")
    first.get_by_role("button", name="More context").click()
    if chunk["prev"]:
        prev = get_json(f"{server.url}/chunks/{urllib.parse.quote(chunk['prev'])}")
        expect(first.locator(".context--before .context-text")).to_have_text(prev["text"])
    if chunk["next"]:
        nxt = get_json(f"{server.url}/chunks/{urllib.parse.quote(chunk['next'])}")
        expect(first.locator(".context--after .context-text")).to_have_text(nxt["text"])


def test_not_in_the_report_looks_different(server, page):
    page.goto(server.url + "/")
    confident = ask(page, THRIVE_Q).locator(".answer")
    unsure = ask(page, "What is the capital of France?").locator(".answer")
    expect(unsure).to_have_class(re.compile(r"answer--none"))
    expect(unsure).to_contain_text("Not in the report")
    style = "el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).backgroundColor]"
    assert confident.evaluate(style) != unsure.evaluate(style)
    # Its passages are offered, folded away, as the closest matches rather than evidence.
    weak = page.locator(".exchange").nth(1).locator("details.passages-box--weak")
    expect(weak).to_be_visible()
    assert weak.get_attribute("open") is None


def test_question_with_markup_is_shown_as_text(server, page_and_watch):
    page, watch = page_and_watch
    page.goto(server.url + "/")
    question = "<img src=x onerror=alert(1)>"
    exchange = ask(page, question)
    expect(exchange.locator(".question")).to_contain_text(question)
    assert page.locator("#conversation img").count() == 0
    page.wait_for_timeout(300)
    assert watch.dialogs == []


def test_citation_opens_the_reader_at_the_highlighted_passage(server, page):
    page.goto(server.url + "/")
    exchange = ask(page, THRIVE_Q)
    passage = exchange.locator(".passage").filter(has_text="THRIVE is a structured assessment").first
    passage.locator(".cite").click()
    page.wait_for_url(re.compile(rf"/report/{DOC}#chunk="))
    hit = page.locator("#report .hit").first
    expect(hit).to_contain_text("THRIVE is a structured assessment")
    expect(hit).to_be_in_viewport()
    expect(hit.locator("mark")).to_contain_text("threat, harm, risk and vulnerability")
    expect(page.locator("#located")).to_contain_text("page 14")
    # The reader is the whole report: contents, headings, lists, tables and footnotes.
    assert page.locator("#toc-list a").count() >= 20
    assert page.locator("#report h2").count() >= 5
    assert page.locator("#report table").count() >= 3
    assert page.locator("#report .footnote").count() >= 20
    assert page.locator("#report .report-list li").count() >= 20


def test_reader_finds_and_highlights_chunks_across_the_report(server, page):
    """Every tenth chunk, wherever it is, is found in the rendered blocks, wholly covered and its sentence marked."""
    first = get_json(f"{server.url}/chunks/{urllib.parse.quote(DOC + ':0000')}")
    ids, chunk = [], first
    while chunk:
        ids.append(chunk["id"])
        chunk = get_json(f"{server.url}/chunks/{urllib.parse.quote(chunk['next'])}") if chunk["next"] else None
    page.goto(f"{server.url}/report/{DOC}")
    expect(page.locator("#report")).to_be_visible()
    squash = lambda text: "".join(text.split()).lower()  # noqa: E731
    for chunk_id in ids[::10]:
        chunk = get_json(f"{server.url}/chunks/{urllib.parse.quote(chunk_id)}")
        lines = [line for line in chunk["text"].split("\n") if line.strip()]
        line = lines[len(lines) // 2]
        start = chunk["text"].index(line)
        page.evaluate("h => { document.getElementById('located').hidden = true; location.hash = h; }",
                      f"chunk={urllib.parse.quote(chunk_id)}&hl={start}-{start + len(line)}")
        expect(page.locator("#located")).to_be_visible()
        expect(page.locator("#located")).to_contain_text("Showing the cited passage")
        assert page.locator("#report mark.hl, #report tr.hit-row").count() >= 1, chunk_id
        if chunk["kind"] != "table":
            covered = page.evaluate("[...document.querySelectorAll('#report .hit .block-text')].map(e => e.textContent).join('')")
            assert squash(chunk["text"]) in squash(covered), chunk_id


def test_a_table_passage_is_shown_as_the_reports_table_with_the_cited_row_marked(server, page):
    """Table passages hold the report's rows, tab-separated: the chat shows them as a table under
    its header, one cell per column, the cited row marked."""
    page.goto(server.url + "/")
    exchange = ask(page, FIGURE_Q)
    table = exchange.locator(".passage").first.locator(".passage-table table")
    expect(table).to_be_visible()
    expect(table.locator("thead th")).to_have_count(3)
    expect(table.locator("thead")).to_contain_text("West Mercia Police")
    row = table.locator("tr.hit-row")
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(["Burglary in a dwelling*", "5.3", "8.1"])


def test_figure_citation_highlights_the_table_row(server, page):
    page.goto(server.url + "/")
    exchange = ask(page, FIGURE_Q)
    exchange.locator(".answer-citation a").click()
    page.wait_for_url(re.compile(rf"/report/{DOC}#"))
    row = page.locator("#report tr.hit-row")
    expect(row).to_contain_text("Burglary in a dwelling")
    expect(row).to_contain_text("5.3")
    expect(row).to_be_in_viewport()


def test_back_from_the_reader_keeps_the_conversation(server, page):
    page.goto(server.url + "/")
    ask(page, THRIVE_Q)
    page.locator(".passage .cite").first.click()
    expect(page.locator("#report .hit").first).to_be_visible()
    page.go_back()
    expect(page.locator(".exchange .question")).to_contain_text(THRIVE_Q)
    expect(page.locator(".exchange .answer")).to_be_visible()


def test_keyboard_only_flow(server, page):
    page.goto(server.url + "/")
    expect(page.locator(".suggestion").first).to_be_visible()
    focused = lambda: page.evaluate("document.activeElement && (document.activeElement.id || document.activeElement.className)")  # noqa: E731
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused() == "question":
            break
    assert focused() == "question", "Tab never reached the question box"
    page.keyboard.type("What does THRIVE")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    assert page.locator(".exchange").count() == 0
    assert page.get_by_label("Your question").input_value() == "What does THRIVE\n"
    page.keyboard.press("Backspace")
    page.keyboard.type(" stand for?")
    page.keyboard.press("Enter")
    expect(page.locator(".exchange .answer")).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(page.locator("#announcer")).to_contain_text("Answer:")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.cite')"):
            break
    link = page.evaluate_handle("document.activeElement")
    assert page.evaluate("document.activeElement.matches('a.cite')"), "Tab never reached a citation"
    outline = link.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert not outline.startswith("none"), f"no visible focus on the citation: {outline}"
    href = link.evaluate("el => el.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href.split("#")[0]) + "#"))
    hit = page.locator("#report .hit").first
    expect(hit).to_be_visible()
    expect(hit).to_be_focused()
    expect(hit).to_be_in_viewport()


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_phone_width_has_no_horizontal_scroll(server, browser, viewport):
    context, page, watch = open_page(browser, viewport)
    try:
        page.goto(server.url + "/")
        expect(page.locator(".suggestion").first).to_be_visible()
        width, client = no_horizontal_scroll(page)
        assert width <= client, f"empty chat scrolls sideways: {width} > {client}"
        ask(page, FIGURE_Q)
        ask(page, THRIVE_Q)
        page.locator(".passage").first.get_by_role("button", name="More context").click()
        expect(page.locator(".context-chunk").first).to_be_visible()
        width, client = no_horizontal_scroll(page)
        assert width <= client, f"chat scrolls sideways: {width} > {client}"
        page.locator(".exchange").first.locator(".answer-citation a").click()
        expect(page.locator("#report tr.hit-row")).to_be_visible()
        width, client = no_horizontal_scroll(page)
        assert width <= client, f"reader scrolls sideways: {width} > {client}"
        assert not watch.errors and not watch.csp
    finally:
        context.close()


def test_server_error_is_shown_as_a_message(broken_server, page):
    page.goto(broken_server.url + "/")
    expect(page.locator("#status-banner")).to_be_visible()
    expect(page.locator("#status-banner")).to_contain_text("no usable index")
    exchange = ask(page, THRIVE_Q)
    card = exchange.locator(".error-card")
    expect(card).to_contain_text("cannot answer")
    expect(card).to_contain_text("503")
    expect(page.locator("#announcer")).to_contain_text("cannot answer")
    expect(card.get_by_role("button", name="Try again")).to_be_visible()


def test_unreachable_server_is_shown_as_a_message(broken_server, page):
    page.goto(broken_server.url + "/")
    expect(page.get_by_label("Your question")).to_be_visible()
    broken_server.stop()
    exchange = ask(page, THRIVE_Q)
    expect(exchange.locator(".error-card")).to_contain_text("unreachable")
    expect(exchange.locator(".error-card")).to_contain_text("Check that it is running")


def test_reader_for_an_unknown_report_says_so(server, page):
    page.goto(server.url + "/report/no-such-report")
    expect(page.locator(".error-card")).to_contain_text("Report not found")


# ---------------------------------------------------------------- screenshots

def test_screenshots_of_an_answered_figure_question(server, browser):
    out = Path(os.environ.get("PEEL_QA_SCREENSHOT_DIR", "/tmp"))
    for name, viewport in (("desktop", {"width": 1280, "height": 1000}), ("phone", PHONE)):
        context, page, watch = open_page(browser, viewport)
        try:
            page.goto(server.url + "/")
            exchange = ask(page, FIGURE_Q)
            expect(exchange.locator(".chart")).to_be_visible()
            exchange.locator(".question").scroll_into_view_if_needed()
            page.evaluate("document.querySelector('.exchange').scrollIntoView({block: 'start'})")
            path = out / f"peel-{name}.png"
            page.screenshot(path=str(path))
            assert path.stat().st_size > 10_000
            assert not watch.errors and not watch.csp
        finally:
            context.close()


def test_several_reports_name_each_passage_and_can_be_filtered(browser, page, tmp_path_factory):
    """With three reports indexed, each passage says which report it is from, and the filter keeps to one."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    corpus = generate(3, tmp_path_factory.mktemp("browser-reports"))
    index = tmp_path_factory.mktemp("browser-collection")
    build_index(corpus, index)
    srv = Server(strict_app(index))
    try:
        titles = {d["id"]: d["title"] for d in get_json(f"{srv.url}/documents")["documents"]}
        page.goto(srv.url + "/")
        expect(page.locator("#doc-line")).to_contain_text("3 reports")
        exchange = ask(page, "How does burglary compare with England and Wales?")
        tags = exchange.locator(".passage .report-tag").all_inner_texts()
        assert tags and set(tags) <= set(titles.values())
        chosen = corpus[2].stem
        page.get_by_label("Search in").select_option(chosen)
        filtered = ask(page, "What is THRIVE?")
        expect(filtered.locator(".passage").first).to_be_visible()
        assert set(filtered.locator(".passage .report-tag").all_inner_texts()) == {titles[chosen]}
    finally:
        srv.stop()

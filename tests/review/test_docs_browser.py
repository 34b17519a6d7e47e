"""The docs page in a real headless Chromium (Debian's `chromium`, installed by `make setup`):
it loads from file:// without a single network request, the search box filters events as
a user types, a hostile plan cannot run script, and screenshots land in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .cdp import CHROMIUM, Browser
from .helpers import CASES, ROOT, run_cli

ARTIFACTS = ROOT / "tests" / "artifacts"

VISIBLE_EVENTS = """
Array.from(document.querySelectorAll("section.event"))
  .filter((s) => s.offsetParent !== null)
  .map((s) => s.querySelector("h2").firstChild.textContent.trim())
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "chromium is missing: run `make setup`"
    with Browser() as b:
        yield b


def built(plan: Path, out: Path) -> str:
    result = run_cli(["docs", plan.name, "--out", str(out)], plan.parent)
    assert result.code == 0, result.stderr
    return (out / "index.html").resolve().as_uri()


def search(browser: Browser, text: str) -> list[str]:
    browser.evaluate('(() => { const i = document.getElementById("search"); i.value = ""; i.focus(); i.dispatchEvent(new Event("input")); })()')
    if text:
        browser.type_text(text)
    return list(browser.evaluate(VISIBLE_EVENTS))


def test_page_loads_offline_and_search_filters(browser: Browser, tmp_path: Path) -> None:
    url = built(ROOT / "plans" / "example.yaml", tmp_path)
    mark = len(browser.events)
    browser.open(url)
    assert browser.evaluate("document.title") == "Acme Academy: tracking plan"
    everything = ["User Registered", "Course Clicked", "Order Completed", "Signed Out"]
    assert browser.evaluate(VISIBLE_EVENTS) == everything
    assert browser.evaluate('document.getElementById("count").textContent') == "4 events"
    browser.screenshot(ARTIFACTS / "docs-example.png")

    assert search(browser, "order") == ["Order Completed"]
    assert browser.evaluate('document.getElementById("count").textContent') == "1 of 4 events"
    browser.screenshot(ARTIFACTS / "docs-search.png")
    assert search(browser, "account_type") == ["User Registered"]  # property names are searched
    assert search(browser, "finished") == ["User Registered"]  # and descriptions
    assert search(browser, "user") == ["User Registered", "Course Clicked", "Signed Out"]
    assert search(browser, "user signed") == ["Signed Out"]  # every word must match
    assert search(browser, "catalogue course") == ["Course Clicked"]
    assert search(browser, "no such thing") == []
    assert browser.evaluate('document.getElementById("no-match").offsetParent !== null') is True
    nav = 'Array.from(document.querySelectorAll("nav li")).filter((li) => li.offsetParent !== null).length'
    assert browser.evaluate(nav) == 1  # only "Types" stays in the sidebar
    assert search(browser, "") == everything

    urls = browser.requested_urls()[mark:]
    assert all(u.startswith(("file://", "data:", "about:")) for u in urls), urls
    assert browser.evaluate('performance.getEntriesByType("resource").length') == 0  # no sub-resource at all
    assert browser.problems(since=mark) == []
    # And the page's Content-Security-Policy would block any fetch (only loopback is tried).
    probe = """new Promise((resolve) => {
      document.addEventListener("securitypolicyviolation", (e) => resolve(e.effectiveDirective));
      fetch("http://127.0.0.1:9/probe").catch(() => {});
    })"""
    assert browser.evaluate(probe) == "connect-src"


def test_hostile_plan_cannot_run_script(browser: Browser, tmp_path: Path) -> None:
    url = built(CASES / "docs" / "hostile" / "plan.yaml", tmp_path)
    mark = len(browser.events)
    browser.open(url)
    browser.evaluate('document.querySelector("h2").dispatchEvent(new MouseEvent("mouseover", {bubbles: true}))')
    browser.evaluate('Array.from(document.querySelectorAll("td code")).forEach((c) => c.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})))')
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert browser.evaluate('document.querySelectorAll("img, iframe, svg, b").length') == 0
    assert browser.evaluate('document.querySelectorAll("script").length') == 1
    name = "<img src=x onerror=\"window.pwned='name'\"> Order Completed"
    assert browser.evaluate(VISIBLE_EVENTS) == [name, "Plain Event Sent"]
    assert browser.evaluate("document.title") == "<script>window.pwned = 'title'</script>: tracking plan"
    assert search(browser, "<img") == [name]
    assert search(browser, "' \" < > &amp;") == ["Plain Event Sent"]
    browser.screenshot(ARTIFACTS / "docs-hostile.png")
    assert [e for e in browser.events[mark:] if e.get("method") == "Page.javascriptDialogOpening"] == []
    assert browser.problems(since=mark) == []

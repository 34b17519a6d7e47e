"""`trackgen docs`: golden Markdown and HTML per case, escaping of hostile plans, writing
through the output layer (unchanged files keep their bytes), and exit codes (0 written,
1 plan errors and nothing written)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from .helpers import CASES, ROOT, case_dirs, check_golden, run_cli


def docs_cases() -> list[tuple[str, Path]]:
    """(name, plan): the bundled example plus the case folders."""
    return [("example", ROOT / "plans" / "example.yaml")] + [(c.name, c / "plan.yaml") for c in case_dirs("docs") if (c / "plan.yaml").exists()]


@pytest.mark.parametrize(("name", "plan"), docs_cases(), ids=[n for n, _ in docs_cases()])
def test_docs_case(name: str, plan: Path, tmp_path: Path, update_goldens: bool) -> None:
    cwd = plan.parent
    result = run_cli(["docs", plan.name, "--out", str(tmp_path / "out")], cwd)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [f"wrote {tmp_path / 'out' / 'README.md'}", f"wrote {tmp_path / 'out' / 'index.html'}"]
    golden = CASES / "docs" / name
    golden.mkdir(exist_ok=True)
    check_golden(golden / "expected.md", (tmp_path / "out" / "README.md").read_text(encoding="utf-8"), update_goldens)
    check_golden(golden / "expected.html", (tmp_path / "out" / "index.html").read_text(encoding="utf-8"), update_goldens)


def test_rerun_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    run_cli(["docs", "plans/example.yaml", "--out", str(tmp_path)], ROOT)
    before = (tmp_path / "index.html").stat().st_mtime_ns
    again = run_cli(["docs", "plans/example.yaml", "--out", str(tmp_path)], ROOT)
    assert again.code == 0 and "unchanged" in again.stdout
    assert (tmp_path / "index.html").stat().st_mtime_ns == before


def test_html_is_self_contained() -> None:
    page = (CASES / "docs" / "example" / "expected.html").read_text(encoding="utf-8")
    assert re.search(r"\b(src|href)=\"(https?:)?//", page) is None  # nothing remote
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in html.unescape(page)
    assert page.count("<script>") == 1 and page.count("<style>") == 1


def test_hostile_plan_strings_are_text_only() -> None:
    page = (CASES / "docs" / "hostile" / "expected.html").read_text(encoding="utf-8")
    # The only tags are trackgen's own: no script, image, frame or svg from the plan.
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "p", "code", "div", "input", "span", "nav", "ul", "li", "a", "main", "section", "h2", "table", "thead", "tr", "th", "tbody", "td", "br", "h4", "pre", "script", "h3"}, tags
    assert page.count("<script>") == 1
    assert "onerror=" not in page.replace("onerror=&quot;", "")  # only ever as escaped text
    # Every attribute value is quoted and escaped: no plan text closes one.
    for value in re.findall(r'data-search="([^"]*)"', page):
        assert "<" not in value and ">" not in value
    assert html.escape("<img src=x onerror=\"window.pwned='name'\"> Order Completed") in page
    markdown = (CASES / "docs" / "hostile" / "expected.md").read_text(encoding="utf-8")
    code_free = re.sub(r"(?ms)^```python$.*?^```$", "", markdown)  # Python literals, escaped by py_str
    code_free = re.sub(r"(?<!`)(`+)(?!`)(.*?[^`])\1(?!`)", "", code_free)  # code spans are literal
    assert re.search(r"(?<!\\)<(?!a id=\"|/a>)", code_free) is None, code_free  # only escaped: \<


def test_plan_errors_write_nothing(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("trackgen: 1\nname: X\nevents:\n  E: {properties: {p: {type: nope}}}\n", encoding="utf-8")
    result = run_cli(["docs", "plan.yaml", "--out", "out"], tmp_path)
    assert result.code == 1
    assert "error[TG204]" in result.stderr
    assert not (tmp_path / "out").exists()


def test_module_option_changes_the_python_import(tmp_path: Path) -> None:
    shutil.copy(ROOT / "plans" / "example.yaml", tmp_path / "plan.yaml")
    run_cli(["docs", "plan.yaml", "--out", "out", "--module", "shop_events"], tmp_path)
    assert "from shop_events import track_signed_out" in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")

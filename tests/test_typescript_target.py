"""The TypeScript target's own rules: identifiers, literal escaping, pattern translation,
its diagnostics (TG600-TG602, TG400 in TypeScript), and the CLI with --target typescript."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from trackgen import PlanError, generate, loads_plan, naming
from trackgen.targets.ts_text import PatternError, doc_lines, js_pattern, js_str, prop_key
from trackgen.targets.ts_doc import width
from trackgen.targets.ts_layout import layout_statement
from trackgen.targets.typescript import FUNCTION, TYPE_NAME, ts_number

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("wire", "function", "type_name"),
    [
        ("User Registered", "trackUserRegistered", "UserRegistered"),
        ("delete", "trackDelete", "Delete"),
        ("class", "trackClass", "Class"),
        ("42_--terrible==\"event'++name~!3", "track42TerribleEventName3", "T42TerribleEventName3"),
        ("userID changed", "trackUserIdChanged", "UserIdChanged"),
        ("Événement Créé ✓", "trackEvenementCree", "EvenementCree"),
        ("Date", "trackDate", "Date_"),
        ("Tracker", "trackTracker", "Tracker_"),
        ("string", "trackString", "String_"),
    ],
)
def test_identifiers(wire: str, function: str, type_name: str) -> None:
    assert naming.identifier(wire, FUNCTION) == function
    assert naming.identifier(wire, TYPE_NAME) == type_name


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', "'say \"hi\"'"),
        ("it's", '"it\'s"'),
        ("back\\slash", '"back\\\\slash"'),
        ("</script>", '"\\u003c/script>"'),
        ("${x}", '"\\u0024{x}"'),
        ("$x", '"$x"'),
        ("a\u2028b\u2029c", '"a\\u2028b\\u2029c"'),
        ("tab\tnew\nline\r", '"tab\\tnew\\nline\\r"'),
        ("nul\x00", '"nul\\x00"'),
        ("😀 ü", '"😀 ü"'),
        ("*/", '"*/"'),
    ],
)
def test_js_string_literals(text: str, literal: str) -> None:
    assert js_str(text) == literal
    assert json.loads(subprocess.run(["node", "-e", f"process.stdout.write(JSON.stringify({literal}))"], capture_output=True, text=True, check=True).stdout) == text


def test_doc_comments_cannot_be_closed_or_tagged() -> None:
    assert doc_lines("ends */ here\n@deprecated no\u2028</script>") == ["ends *\\/ here", "\\@deprecated no", "<\\/script>"]


@pytest.mark.parametrize(
    ("key", "shown"),
    [("plain_name", "plain_name"), ("class", "class"), ("$x", "$x"), ("café", "café"), ("regex property", '"regex property"'), ("42", '"42"'), ("a-b", '"a-b"')],
)
def test_object_keys_are_quoted_only_where_prettier_quotes_them(key: str, shown: str) -> None:
    assert prop_key(key) == shown


@pytest.mark.parametrize(
    ("python", "javascript"),
    [
        ("^[A-Z]{3}$", "^[A-Z]{3}$"),
        ("a\\-b\\#c\\\"d", "a-b#c\"d"),
        ("[a\\-z]", "[a\\-z]"),
        ("^(?P<x>ab)(?P=x)$", "^(?<x>ab)\\k<x>$"),
        ("\\Aabc\\Z", "^abc$"),
        ("a{,2}b{", "a{0,2}b\\{"),
        ("[]a]", "[\\]a]"),
        ("x(?#comment)y", "xy"),
        ("\\U0001F600", "\\u{1F600}"),
    ],
)
def test_pattern_translation(python: str, javascript: str) -> None:
    assert js_pattern(python) == javascript


def test_untranslatable_patterns() -> None:
    with pytest.raises(PatternError):
        js_pattern("(?i)abc")


def test_numbers_as_prettier_writes_them() -> None:
    assert [ts_number(v) for v in (1e-06, 1e16, 0.5, 3, -2.5e-300)] == ["1e-6", "1e16", "0.5", "3", "-2.5e-300"]


def plan(events: str) -> str:
    return f"trackgen: 1\nname: T\nevents:\n{events}"


def test_tg600_pattern_without_a_javascript_equivalent() -> None:
    with pytest.raises(PlanError) as err:
        generate(loads_plan(plan("  E:\n    properties:\n      p: {type: string, pattern: '(?i)abc'}\n"), "p.yaml"), "typescript")
    assert "p.yaml:6:10: error[TG600]: the pattern '(?i)abc' cannot be used in TypeScript" in str(err.value)


def test_tg601_unknown_sdk() -> None:
    with pytest.raises(PlanError) as err:
        generate(loads_plan(plan("  E: {}\n"), "p.yaml"), "typescript", sdk="deno")
    assert "p.yaml:1:1: error[TG601]: unknown TypeScript SDK 'deno'" in str(err.value)


def test_tg602_proto_property_in_the_browser_is_a_warning() -> None:
    result = __import__("trackgen.targets", fromlist=["TARGETS"]).TARGETS["typescript"].generate(
        loads_plan(plan("  E:\n    properties:\n      __proto__: string\n"), "p.yaml"),
        __import__("trackgen.targets", fromlist=["TargetOptions"]).TargetOptions(sdk="browser"),
    )
    assert [(d.code, d.severity.value) for d in result.diagnostics.items] == [("TG602", "warning")]
    assert "index.ts" in result.files


def test_tg400_two_events_one_function() -> None:
    with pytest.raises(PlanError) as err:
        generate(loads_plan(plan("  Order Completed: {}\n  order_completed: {}\n"), "p.yaml"), "typescript")
    assert "error[TG400]: event 'order_completed' and 'Order Completed' both become `trackOrderCompleted` in generated TypeScript functions" in str(err.value)


def test_cli_builds_both_flavours(tmp_path: Path) -> None:
    trackgen = [sys.executable, "-m", "trackgen"]
    for sdk, marker in (("node", "track(message: TrackMessage): R;"), ("browser", "track(\n    event: string,")):
        out = tmp_path / sdk
        done = subprocess.run([*trackgen, "build", "plans/example.yaml", "--target", "typescript", "--sdk", sdk, "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("wrote ") and done.stdout.rstrip().endswith("index.ts")
        assert marker in (out / "index.ts").read_text(encoding="utf-8")
    bad = subprocess.run([*trackgen, "build", "plans/example.yaml", "--target", "typescript", "--sdk", "deno", "--out", str(tmp_path / "x")], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "error[TG601]" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "x").exists()


def test_tg603_context_field_named_like_a_property() -> None:
    text = plan("  Account Created:\n    context:\n      groupId: string\n    properties:\n      groupId: string\n")
    with pytest.raises(PlanError) as err:
        generate(loads_plan(text, "p.yaml"), "typescript")
    assert "p.yaml:6:7: error[TG603]: context field 'groupId' has the name of a property: both would be the key 'groupId' of the properties object of trackAccountCreated()" in str(err.value)


def test_function_names_of_every_call_kind() -> None:
    text = (
        "trackgen: 1\nname: T\nidentify:\n  traits:\n    email: string\ngroup:\n  traits:\n    name: string\n"
        "pages:\n  Docs Home: {}\nscreens:\n  class: {}\nevents:\n  Signed In: {}\n"
    )
    source = generate(loads_plan(text, "p.yaml"), "typescript")["index.ts"]
    for head in ("export function identify(\n  traits: IdentifyTraits,", "export function group(\n  groupId: string,\n  traits: GroupTraits,",
                 "export function pageDocsHome(options: TrackOptions)", "export function screenClass(options: TrackOptions)",
                 "export function trackSignedIn(options: TrackOptions)"):
        assert head in source, head


def client(properties: str) -> str:
    """The node client of a plan with one event `E` and these properties (YAML, indented 6)."""
    return generate(loads_plan(plan("  E:\n    properties:\n" + properties), "p.yaml"), "typescript")["index.ts"]


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        pytest.param(
            "      level: {type: integer, enum: [2980877845, -5770, -815622, 66459, -78821638753, 1, 2, 3]}\n",
            "new Set<unknown>([\n  2980877845, -5770, -815622, 66459, -78821638753, 1, 2, 3,\n]);\n",
            id="numbers in a set are filled, several a line",
        ),
        pytest.param(
            "      level: {type: integer, enum: [2980877845, -5770, -815622, 66459, -78821638753, 1, 2, 3]}\n",
            "export type ELevel =\n  2980877845 | -5770 | -815622 | 66459 | -78821638753 | 1 | 2 | 3;\n",
            id="a union alias breaks after = first",
        ),
        pytest.param(
            "      level: {type: integer, enum: [29808778451, -57701, -8156221, 664591, -788216387531, 11, 21, 31, 41, 51, 61]}\n",
            "export type ELevel =\n  | 29808778451\n  | -57701\n  | -8156221\n  | 664591\n  | -788216387531\n  | 11\n  | 21\n  | 31\n  | 41\n  | 51\n  | 61;\n",
            id="then before each member",
        ),
        pytest.param(
            "      mode: {type: string, enum: [a single enum value long enough that the type alias cannot stay on one line]}\n",
            'export type EMode =\n  "a single enum value long enough that the type alias cannot stay on one line";\n',
            id="a one-member alias is no union",
        ),
        pytest.param(
            "      a_rather_long_property_name_for_the_test: {type: string, const: a constant long enough to push the union past eighty, nullable: true}\n",
            '  a_rather_long_property_name_for_the_test?:\n    "a constant long enough to push the union past eighty" | null;\n',
            id="a long union moves to the next line",
        ),
        pytest.param(
            "      a_rather_long_property_name_for_the_test: {type: string, const: a string constant long enough to break the union over lines and not once only, nullable: true}\n",
            '  a_rather_long_property_name_for_the_test?:\n    | "a string constant long enough to break the union over lines and not once only"\n    | null;\n',
            id="and breaks before each member when still too long",
        ),
        pytest.param(
            "      rows: {type: array, items: {type: object, additionalProperties: {type: array, items: {type: object, additionalProperties: {type: integer, enum: [1, 2]}}}, nullable: true}}\n",
            "  rows?: ReadonlyArray<Readonly<\n    Record<\n      string,\n      ReadonlyArray<Readonly<Record<string, ERowsItemValueItemValue>>>\n    >\n  > | null>;\n",
            id="a sole nullable type argument is hugged",
        ),
        pytest.param(
            '      "e\\u0301t\\u00e9": string\n',
            "  e\u0301t\u00e9?: string;\n",
            id="an identifier key stays unquoted in any Unicode normal form",
        ),
    ],
)
def test_lines_break_where_prettier_breaks_them(properties: str, expected: str) -> None:
    assert expected in client(properties)


_WIDTH_PROBE = """
const prettier = require(process.argv[1]);
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map((t) => prettier.util.getStringWidth(t))));
"""


def test_widths_are_prettiers() -> None:
    """`width` against prettier's own `getStringWidth`, for every character that can appear
    raw in the blocks of symbols, emoji and hexagrams (and a sample of the rest), alone, with
    the emoji selector U+FE0F and with a skin tone, plus keycaps."""
    blocks = [range(0x80, 0x3400), range(0x4DC0, 0x4E00), range(0x1D300, 0x1D380), range(0x1F000, 0x1FB00), range(0x3400, 0x110000, 97)]
    chars = [chr(c) for block in blocks for c in block if not 0xD800 <= c <= 0xDFFF and chr(c).isprintable()]
    texts = [c + suffix for c in chars for suffix in ("", "\ufe0f", "\U0001F3FB")] + ["#\u20e3", "1\ufe0f\u20e3", "x\u20e3"]
    probe = subprocess.run(
        ["node", "-e", _WIDTH_PROBE, str(ROOT / "node_modules" / "prettier")],
        input=json.dumps(texts), capture_output=True, text=True, check=True,
    )
    expected = json.loads(probe.stdout)
    wrong = [(text, width(text), w) for text, w in zip(texts, expected) if width(text) != w]
    assert not wrong, wrong[:20]


@pytest.mark.parametrize(
    ("statement", "indent", "expected"),
    [
        pytest.param(
            "for (let i21 = 0; i21 < e19.length; i21++) {", 38,
            ["for (", "  let i21 = 0;", "  i21 < e19.length;", "  i21++", ") {"],
            id="a loop head breaks between its clauses",
        ),
        pytest.param(
            "} else if (!Array.isArray(e22)) {", 50,
            ["} else if (", "  !Array.isArray(e22)", ") {"],
            id="a condition moves inside the parentheses (an IndexError before)",
        ),
        pytest.param(
            "} else if (e61 < 0) {", 98,
            ["} else if (", "  e61 <", "  0", ") {"],
            id="and breaks after its operator when it must",
        ),
        pytest.param(
            "const m26: Record<string, unknown> = {};", 46,
            ["const m26: Record<", "  string,", "  unknown", "> = {};"],
            id="a declaration breaks its type arguments before its value",
        ),
        pytest.param(
            "const e31: unknown = e28[i30];", 52,
            ["const e31: unknown =", "  e28[i30];"],
            id="a member lookup moves after the =",
        ),
    ],
)
def test_statements_of_deep_checks(statement: str, indent: int, expected: list[str]) -> None:
    assert layout_statement(statement, indent) == [" " * indent + line for line in expected]


def test_deeply_nested_values_are_prettier_stable() -> None:
    """Twenty arrays and maps inside each other: the checks' lines start past column 80,
    and still break where prettier breaks them (before, the loop heads did not compile)."""
    node: dict[str, object] = {"type": "integer", "minimum": 0}
    for depth in range(20):
        node = {"type": "array", "items": node, "nullable": depth % 2 == 0} if depth % 3 else {"type": "object", "additionalProperties": node}
    source = generate(loads_plan(json.dumps({"trackgen": 1, "name": "D", "events": {"E": {"properties": {"p": node}}}}), "d.yaml"), "typescript")["index.ts"]
    formatted = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "prettier"), "--stdin-filepath", "index.ts"],
        input=source, capture_output=True, text=True, check=True,
    ).stdout
    assert formatted == source

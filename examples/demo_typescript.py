"""The TypeScript half of `make demo`: build the example plan's TypeScript client, prove it
type-checks (tsc --strict against the real @segment/analytics-node types), bundle the
small app in examples/typescript/ with esbuild and run it with node, sending through the
real SDK to `trackgen serve`, which checks each event against the plan; then show what it
said and what arrived.

Usage: demo_typescript.py [HOST]   HOST: a collector already running (e.g.
http://127.0.0.1:8765). Without it, `trackgen serve` is started on a free loopback port.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "node_modules" / ".bin"
sys.path.insert(0, str(ROOT / "tests" / "e2e"))


def step(text: str) -> None:
    print(f"\n$ {text}", flush=True)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="trackgen-demo-ts-"))
    try:
        shutil.copy(ROOT / "examples" / "typescript" / "app.ts", work / "app.ts")
        (work / "node_modules").symlink_to(ROOT / "node_modules")
        step("trackgen build plans/example.yaml --target typescript --out analytics")
        subprocess.run([sys.executable, "-m", "trackgen", "build", str(ROOT / "plans" / "example.yaml"), "--target", "typescript", "--out", str(work / "analytics")], check=True)
        step("tsc --strict --noEmit app.ts analytics/index.ts")
        subprocess.run([str(BIN / "tsc"), "--strict", "--noEmit", "--target", "ES2022", "--module", "commonjs", "--types", "node", "app.ts", "analytics/index.ts"], cwd=work, check=True)
        print("no type errors")
        subprocess.run([str(BIN / "esbuild"), "app.ts", "--bundle", "--platform=node", "--log-level=warning", "--outfile=app.js"], cwd=work, check=True)
        given = sys.argv[1] if len(sys.argv) > 1 else None
        if given:
            step(f"node app.js {given}")
            subprocess.run(["node", "app.js", given], cwd=work, check=True)
            return
        from serve_support import Serve

        step("trackgen serve plans/example.yaml --port 0 --record received.jsonl")
        serve = Serve(ROOT / "plans" / "example.yaml", work / "received.jsonl")
        try:
            print(serve.lines[0])
            step(f"node app.js {serve.url}")
            subprocess.run(["node", "app.js", serve.url], cwd=work, check=True)
            messages = serve.messages()
            serve.wait_for_lines(lambda lines: sum(line.startswith(("ok  ", "bad ")) for line in lines) >= len(messages))
        finally:
            serve.stop()
        step("what trackgen serve said")
        print("\n".join(serve.lines[1:]))
        step("what arrived")
        for message in messages:
            context = {k: v for k, v in message["context"].items() if k != "library"}
            print(json.dumps({"event": message["event"], "properties": message["properties"], "context": context}, ensure_ascii=False))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""`trackgen serve`, one per shared vector, for the TypeScript end-to-end runs.

Each vector has its own plan, and a collector checks against one plan, so every vector
gets its own `trackgen serve PLAN --port 0 --record FILE` (started side by side; each
prints `listening on URL` first). The SDKs send each vector's calls to its collector; the
tests then read what it recorded and the lines it printed (`ok  NAME  userId=...`, or
`bad ...` per violation, `err ...` for a refused request). The Node and browser tests
share one set (the `vector_collectors` fixture in conftest.py): each takes a `Mark` first
and reads only what arrived after it.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from e2e.serve_support import Serve
from vector_support import Vector


@dataclass(frozen=True)
class Mark:
    """How much each collector had recorded and printed at one moment."""

    messages: dict[str, int]
    lines: dict[str, int]


class VectorCollectors:
    def __init__(self, root: Path, vectors: Sequence[Vector]) -> None:
        root.mkdir(parents=True, exist_ok=True)

        def start(vector: Vector) -> Serve:
            plan = root / f"{vector.name}.yaml"
            plan.write_text(vector.plan_yaml(), encoding="utf-8")
            return Serve(plan, root / f"{vector.name}.jsonl")

        with ThreadPoolExecutor(max_workers=8) as pool:
            started = list(pool.map(start, vectors))
        self.serves: dict[str, Serve] = {v.name: s for v, s in zip(vectors, started)}

    def __enter__(self) -> "VectorCollectors":
        return self

    def __exit__(self, *exc: object) -> None:
        with ThreadPoolExecutor(max_workers=len(self.serves) or 1) as pool:  # each takes ~0.5 s to stop
            codes = dict(zip(self.serves, pool.map(lambda serve: serve.stop(), self.serves.values())))
        assert all(code == 0 for code in codes.values()), codes

    def url(self, vector: str) -> str:
        return self.serves[vector].url

    def mark(self) -> Mark:
        return Mark(
            {name: len(serve.messages()) for name, serve in self.serves.items()},
            {name: len(serve.lines) for name, serve in self.serves.items()},
        )

    def wait(self, since: Mark, counts: dict[str, int], timeout: float = 20.0) -> dict[str, list[dict[str, Any]]]:
        """What each vector's collector recorded after `since`, once it holds
        `counts[vector]` new messages (or the time is up), and once it has printed a
        verdict for each."""
        deadline = time.monotonic() + timeout
        while True:
            found = {name: self.serves[name].messages()[since.messages[name]:] for name in counts}
            done = all(len(found[name]) >= count for name, count in counts.items())
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        for name, serve in self.serves.items():
            # The collector prints its verdict before it records the message; the thread
            # that reads its output may lag a little behind.
            recorded = len(found.get(name, ()))
            start = since.lines[name]
            serve.wait_for_lines(lambda lines: sum(1 for line in lines[start:] if line.startswith(("ok  ", "bad "))) >= recorded)
        return found

    def verdicts(self, since: Mark, vector: str) -> list[str]:
        """The collector's lines after `since`: `ok ...`, `bad ...`, `err ...`."""
        return list(self.serves[vector].lines[since.lines[vector]:])

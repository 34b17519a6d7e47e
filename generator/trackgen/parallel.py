"""Several targets at once: a build for Python and TypeScript generates both in parallel.

Generation is pure (plan in, texts out), so each extra target runs in a forked child that
inherits the already loaded plan and sends its result back through a pipe; the parent
generates the first one itself. The output is the same as generating one after the other
(results come back in job order); where fork is missing, or on one CPU, that is what
happens.
"""

from __future__ import annotations

import os
import pickle

from .plan.ir import Plan
from .targets import Generated, Target, TargetOptions

Job = tuple[Target, Plan, TargetOptions]


def generate_in_parallel(jobs: list[Job]) -> list[Generated]:
    if len(jobs) < 2 or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return [target.generate(plan, options) for target, plan, options in jobs]
    children: list[tuple[int, int]] = []
    for target, plan, options in jobs[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: generate, send, leave without running the parent's cleanup
            os.close(read_end)
            try:
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(pickle.dumps(target.generate(plan, options)))
            finally:
                os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    first, plan, options = jobs[0]
    results = [first.generate(plan, options)]
    for (pid, read_end), (target, plan, options) in zip(children, jobs[1:]):
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        # A child that failed sent nothing: generate here, so a real error surfaces normally.
        results.append(pickle.loads(data) if data else target.generate(plan, options))
    return results

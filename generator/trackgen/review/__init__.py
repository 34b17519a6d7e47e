"""Reviewing plans like code: `diff`, `lint`, `docs` and `status`.

Each command has its own module and works on the checked IR (`trackgen.plan.ir`), never on
raw YAML, so what reviewers see is exactly what the generators build from.
"""

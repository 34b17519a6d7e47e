"""Data shipped with trackgen: Segment's semantic event specs as plans that other plans can
`include:` (`segment/*.yaml`), and `semantic_events.json`, the same specs with their
properties, which the lint rules compare plans against. Read with `importlib.resources`."""

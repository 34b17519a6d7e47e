"""Bundled specs, e.g. Segment semantic events, that plans can `include:`."""

"""Data files shipped with trackgen: `semantic_events.json`, Segment's semantic events
(ecommerce, video, mobile, B2B SaaS, email, live chat, A/B testing) with their properties,
as the lint rules compare plans against them. Read with `importlib.resources`."""

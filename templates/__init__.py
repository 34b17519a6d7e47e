"""Jinja templates, one folder per target language; shipped inside the wheel."""

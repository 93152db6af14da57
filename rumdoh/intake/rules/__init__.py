"""Pure rules: plain Python over plain data, no Django (lint-imports and mypy --strict check it)."""

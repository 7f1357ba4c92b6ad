"""Safety pages, one module per half: ``gate`` and ``duties`` (urls.py imports them by name)."""

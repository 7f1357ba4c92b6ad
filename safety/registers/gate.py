"""Safety registers: the gate (visitors, do-not-admit list, pickers, dismissal handover)."""

__all__: list[str] = []

"""Safety URLs, one block per half of the app (gate, duties) joined below. The gatekeeper sees visitors
and pickers, class teachers hand over their own classes, parents manage their own child's pickers,
the director sees everything and edits the settings."""

from campus.roles import Role

from . import Expect

GATE = [
    Expect("safety:index", allow={Role.DIRECTOR, Role.GATEKEEPER, Role.TEACHER, Role.LOGISTICS}),
    Expect("safety:settings", allow={Role.DIRECTOR}),
]

DUTIES: list = []

EXPECTATIONS = [*GATE, *DUTIES]

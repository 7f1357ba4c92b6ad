from campus.roles import Role

from . import Expect

EXPECTATIONS = [
    Expect("safety:index", allow={Role.DIRECTOR, Role.LOGISTICS, Role.GATEKEEPER}),
]

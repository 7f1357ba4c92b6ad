from campus.roles import Role

from . import Expect

EXPECTATIONS = [
    Expect("kitchen:index", allow={Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH, Role.COOK}),
]

from campus.roles import Role

from . import Expect

EXPECTATIONS = [
    Expect("health:index", allow={Role.DIRECTOR, Role.HEALTH, Role.TEACHER}),
]

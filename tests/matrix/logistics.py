from campus.roles import Role

from . import Expect

EXPECTATIONS = [
    Expect("logistics:index", allow={Role.DIRECTOR, Role.LOGISTICS}),
]

from campus.roles import Role

from . import Expect

EXPECTATIONS = [
    Expect("assets:index", allow={Role.DIRECTOR, Role.LOGISTICS, Role.ASSETS}),
]

from campus.roles import Role

from . import Expect

EXPECTATIONS = [
    Expect("finance:index", allow={Role.DIRECTOR, Role.CASHIER}),
]

from . import ALL_STAFF, Expect

EXPECTATIONS = [
    Expect("checklists:index", allow=ALL_STAFF),
]

"""How a person is named on a page: the staff member's or guardian's name, never the login."""


def display_name(person, empty: str = "") -> str:
    """``person``'s name as the kindergarten knows it. A login (``User``): its staff record's name
    (王老师), else its guardian's, else the account's full name, else the login. A ``StaffMember`` or
    ``Guardian``: their name (never a guardian's phone, which ``str`` adds). ``empty`` for no one (a
    system action). Select ``staff`` and ``guardian`` with a user to keep it query-free."""
    if person is None:
        return empty
    if not hasattr(person, "get_username"):  # a StaffMember or a Guardian
        return person.name or empty
    for relation in ("staff", "guardian"):
        record = getattr(person, relation, None)  # a missing one-to-one raises an AttributeError subclass
        if record is not None and record.name:
            return record.name
    return person.get_full_name() or person.get_username()

"""How a person is named on a page: the staff member's or guardian's name, never the login."""


def display_name(user, empty: str = "") -> str:
    """``user``'s name as the kindergarten knows it: the staff record's name (王老师), else the
    guardian's, else the account's full name, else the login. ``empty`` for no user (a system
    action). Select ``staff`` and ``guardian`` with the user to keep it query-free."""
    if user is None:
        return empty
    for relation in ("staff", "guardian"):
        person = getattr(user, relation, None)  # a missing one-to-one raises an AttributeError subclass
        if person is not None and person.name:
            return person.name
    return user.get_full_name() or user.get_username()

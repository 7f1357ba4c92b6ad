from . import services


def open_follow_ups_for_sick_leave(sender, campus, day, records, user=None, **kwargs):
    """Each sick leave recorded in attendance opens that day's sick-absence follow-up."""
    services.open_sick_follow_ups(records, user=user)

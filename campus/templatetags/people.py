"""``{% load people %}``: ``{{ entry.created_by|person }}`` -> 王老师 (campus.people.display_name), not the login."""

from django import template

from campus.people import display_name

register = template.Library()


@register.filter
def person(user, empty=""):
    return display_name(user, empty)

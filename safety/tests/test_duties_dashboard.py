"""The duties' dashboard cards cost a fixed number of queries, whatever the number of hazards,
letters, signatures, staff or classes."""

from campus.roles import Role
from safety import dashboard
from safety.services import duties
from tests import factories


def test_the_duties_cards_cost_the_same_queries_for_more_records(world, clock, django_assert_num_queries):
    day = clock.school_day(world.campus)
    factories.make_hazard(world)
    letter = factories.make_letter(world, Role.TEACHER)
    dashboard.duties_cards(world.campus, day)  # the settings row is read once per campus object
    with django_assert_num_queries(QUERIES):
        hazards, drills, letters = dashboard.duties_cards(world.campus, day)
    for n in range(3):
        factories.make_hazard(world, kind="fire", level="major", description=f"隐患{n}")
        factories.make_staff(Role.TEACHER, world.campus, username=f"t{n}", name=f"老师{n}")
        factories.make_classroom(world.campus, f"班{n}")
    factories.make_letter(world, Role.COOK)
    duties.sign_letter(letter, user=world.user(Role.TEACHER), signed_name="teacher")
    with django_assert_num_queries(QUERIES):
        hazards, drills, letters = dashboard.duties_cards(world.campus, day)
    assert hazards.value == "4" and letters.value == "1/5"


QUERIES = 8

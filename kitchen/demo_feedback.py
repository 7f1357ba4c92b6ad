"""Demo meal feedback: the demo parent rated this week's menu, and the kitchen answered. Idempotent."""

from campus.roles import Role

from . import feedback, services
from .choices import MenuStatus
from .models import Menu
from .models_feedback import MealFeedback


def seed(ctx) -> None:
    child, parent = ctx.parent_child, ctx.parent_user
    if child is None or parent is None:
        return
    menu = Menu.objects.filter(campus=child.campus, status=MenuStatus.PUBLISHED,
                               week_start=services.week_start_of(ctx.today)).first()
    if menu is None or MealFeedback.objects.filter(menu=menu, author=parent).exists():
        return
    row = feedback.give_feedback(menu, child, user=parent, rating=4, comment="孩子说青菜有点咸，其他都爱吃。")
    feedback.answer_feedback(row, user=ctx.users["cook"], answer="谢谢反馈，下周起青菜少放盐。")
    ctx.log.append(f"kitchen: meal feedback 1 ({Role.PARENT.label})")

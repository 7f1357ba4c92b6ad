"""Assets demo data (register and repairs), idempotent."""

from .repair_demo import seed_repairs, seed_rhythms


def seed(ctx) -> None:
    ctx.log.append(f"repair requests created: {seed_repairs(ctx)}")
    ctx.log.append(f"maintenance checklists created: {seed_rhythms(ctx)}")

"""Assets demo data (register and repairs), idempotent."""

from .repair_demo import seed_repairs


def seed(ctx) -> None:
    ctx.log.append(f"repair requests created: {seed_repairs(ctx)}")

"""Stores demo data, added by ``seed_demo`` (idempotent)."""

from .demo_flows import seed_flows


def seed(ctx) -> None:
    seed_flows(ctx)

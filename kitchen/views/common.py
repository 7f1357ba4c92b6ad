"""What the kitchen pages share. The registers are declared in kitchen/registers.py (campus.registers)."""

VIEW = "kitchen.view_acceptance"  # every kitchen role has view_* on the kitchen

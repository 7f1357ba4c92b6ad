"""The family side of the campus app: leave requests (请假) from a parent's phone, the parent's
today page, notices. Models in ``campus.models_family``; writes in ``services``; views in ``views``."""

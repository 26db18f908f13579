"""Plans for a whole roster: one Papermill run of ``plan.ipynb`` per participant, on one machine or a cluster.

It imports the journey and the documents; the CLI and the workshop's roster use it.
"""
from .roster import PlanParameters, make_plan_files, read_roster, run_batch

__all__ = ["PlanParameters", "make_plan_files", "read_roster", "run_batch"]

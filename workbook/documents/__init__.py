"""The files the owner takes away: the plan as a page, a PDF, friend cards, a calendar and a call sheet
(:mod:`.render`), and the follow-through log as sheets and a calendar (:mod:`.logsheets`).

It imports :mod:`workbook.challenge` and :mod:`workbook.follow`; the app, batch runs and the CLI all render
through it.
"""
from .render import DOWNLOADS, plan_files, plan_fragment, plan_html

__all__ = ["DOWNLOADS", "plan_files", "plan_fragment", "plan_html"]

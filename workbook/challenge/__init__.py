"""The challenge itself: the method as data and rules, from a table of sales to a plan.

Ranking the customers (:mod:`.ranking`, :mod:`.shortlist`), the plan and its steps (:mod:`.plan`), the deadline
(:mod:`.deadlines`), the coaching words (:mod:`.coaching`) and the kinds of business (:mod:`.kinds`).
It imports only :mod:`workbook.exports` and the top modules below the store (errors, i18n, formatting): no store,
no widgets, no files.
"""

"""Following through: the log of contacts, referrals, thank-yous and gifts (:mod:`.logbook`), its rules
(:mod:`.followthrough`) and the friend cards' codes (:mod:`.cards`).

It imports :mod:`workbook.challenge` and the store; nothing here draws a page or writes a document.
"""

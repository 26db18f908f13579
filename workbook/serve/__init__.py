"""Serving the app: Voilà with the workbook's pages and gates (:mod:`.server`), its kernels tied to their
visitors (:mod:`.kernels`) and ``workbook serve`` itself (:mod:`.launch`).

It imports the store, the journey and the workshop; the CLI starts it.
"""

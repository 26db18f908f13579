"""Workshops: participants who join with a code and their name, each with a plan of their own, and the coach
who sees where everyone is (:mod:`.participants`).

It imports the store, the journey, the documents and batch runs; the app's pages and the server use it.
"""

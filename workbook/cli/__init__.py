"""The ``workbook`` command, a thin layer over the library's packages; the top of the import graph.

It may import every package of the workbook; nothing imports it.
"""
from .main import main

__all__ = ["main"]

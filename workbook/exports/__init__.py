"""Reading the exports owners bring, from whatever system wrote them, into one table of sales.

The rest of the workbook uses this face only: :func:`load_exports` (and :func:`load_sales` for
one file), :func:`guess_columns` for the column question, the result types, and the report of what was read
in the owner's words (:func:`what_was_read`, :func:`inspection_text`).
"""

from .identity import phone_for_people
from .importer import load_exports, load_sales
from .question import Guess, guess_columns
from .report import inspection_text, what_was_read
from .result import STATUS_CHOICES, Imported, ImportResult, Sales, StatusChoice
from .values import DATE_ORDERS, DateOrder, first_item

__all__ = ["DATE_ORDERS", "STATUS_CHOICES", "DateOrder", "Guess", "ImportResult", "Imported", "Sales", "StatusChoice",
           "first_item", "guess_columns", "inspection_text", "load_exports", "load_sales", "phone_for_people",
           "what_was_read"]

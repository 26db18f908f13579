"""Reading the exports owners bring, from whatever system wrote them, into one table of sales.

The rest of the workbook uses this face only: :func:`load_exports` (and :func:`load_sales` for
one file), :func:`guess_columns` for the column question, and the result types.
"""

from .identity import phone_for_people
from .importer import load_exports, load_sales
from .question import Guess, guess_columns
from .result import Imported, ImportResult, Sales, StatusChoice
from .values import DateOrder, first_item

__all__ = ["DateOrder", "Guess", "ImportResult", "Imported", "Sales", "StatusChoice", "first_item", "guess_columns",
           "load_exports", "load_sales", "phone_for_people"]

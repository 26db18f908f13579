"""``python -m workbook``: the ``workbook`` command."""
import sys

from .cli import main

sys.exit(main())

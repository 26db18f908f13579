"""HTML: the templates' one environment and the small pieces every page and document uses; text is always escaped.

Templates (``templates/*.j2`` in each package that has them) autoescape; Python builds small pieces with
:class:`HTML` (``HTML("<b>{}</b>").format(name)``). Both escape as the workbook always has, quotes as ``&quot;``
and ``&#x27;``, so a template prints values with ``{{ value }}`` only (Jinja's ``~``, ``join`` and ``e`` escape
their own way). What leaves a module is ``str``: adding a plain string to Markup would escape the string.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any, Self

import jinja2
import jinja2.ext
from markupsafe import Markup

TEMPLATES = ("workbook.documents", "workbook.batch", "workbook.app")  # the packages with a templates folder


class HTML(Markup):
    """Safe HTML: text put in it (by ``format``, ``+`` or ``join``) is escaped the way :func:`html.escape` does."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Self:
        return cls(s.__html__() if hasattr(s, "__html__") else html.escape(str(s)))


class Compact(jinja2.ext.Extension):
    """Templates are indented for reading, the HTML they make is not (it reads byte for byte as it did when
    Python wrote it): in a ``.j2`` file a line break and the indentation after it go where the next line starts
    with a tag or a Jinja delimiter. A tag is therefore written on one line."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return re.sub(r"\n\s*(?=[<{])", "", source) if name and name.endswith(".j2") else source


@cache
def environment() -> jinja2.Environment:
    """The templates of every package in :data:`TEMPLATES`, each named ``package/name``."""
    return jinja2.Environment(
        loader=jinja2.PrefixLoader({package: jinja2.PackageLoader(package) for package in TEMPLATES}),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        finalize=HTML.escape, extensions=[Compact])


def render(package: str, name: str, /, **context: object) -> HTML:
    """The template ``name`` of ``package`` (one of :data:`TEMPLATES`) filled in with ``context``."""
    return HTML(environment().get_template(f"{package}/{name}").render(**context))


def element(tag: str, text: str, attributes: str = "") -> str:
    """``text``, escaped, as one element: ``element("h2", _("Your deadline"))``."""
    return str(HTML("<{tag}{attributes}>{text}</{tag}>").format(
        tag=HTML(tag), attributes=HTML(" " + attributes if attributes else ""), text=text))

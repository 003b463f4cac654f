"""The jinja2 environment of the Python project's templates (templates/python/)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
import tomlkit

from migrator.emit.python.expr import py_comment
from migrator.emit.python.literals import py_string
from migrator.resources import data_dir
from migrator.textsafe import markdown_block, markdown_inline


def toml_string(text: str) -> str:
    return tomlkit.string(text).as_string()


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates") / "python")),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, autoescape=False,
        # The templates ship with the tool: checking each one's file for changes at every
        # render was a stat per generated file.
        auto_reload=False,
    )
    env.filters["py"] = py_string  # every legacy string reaches Python through py_string
    env.filters["comment"] = py_comment
    env.filters["toml"] = toml_string
    env.filters["md"] = markdown_inline
    env.filters["mdblock"] = markdown_block
    return env


def render_template(template: str, /, **context: Any) -> str:
    return environment().get_template(template).render(**context)

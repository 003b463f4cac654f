"""The jinja2 environment of the TypeScript templates (templates/typescript/)."""

from __future__ import annotations

from functools import cache

import jinja2

from migrator.emit.typescript.literals import ts_comment, ts_string
from migrator.textsafe import markdown_block, markdown_inline
from migrator.resources import data_dir
from migrator.usercache import private_cache_dir


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates") / "typescript")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        bytecode_cache=_bytecode_cache(),
        # The templates ship with the tool: checking each one's file for changes at every
        # render was a stat per generated file.
        auto_reload=False,
    )
    # Every legacy string reaches TypeScript through ts_string (one escaping function).
    env.filters["ts"] = ts_string
    env.filters["comment"] = ts_comment
    # ... and every legacy string reaches Markdown through these (one per kind of place).
    env.filters["md"] = markdown_inline
    env.filters["mdblock"] = markdown_block
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them is a tenth of a `convert`
    call); jinja2 checks each against its template's source before use."""
    directory = private_cache_dir("jinja2")
    return jinja2.FileSystemBytecodeCache(str(directory)) if directory else None


def render_template(template: str, /, **context) -> str:
    return environment().get_template(template).render(**context)

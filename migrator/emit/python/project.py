"""Python emitter entry point: the SDK model → the files of a Python package project.

The layout mirrors the TypeScript project (manifest, interfaces, main, one module per
action, dependencies, backups, versions, file models, rules), and the modules together
rebuild the very SdkPackage they were emitted from (`<package>.PACKAGE`): `python -m
<package> dump` prints its JSON and `startos-migrate convert PROJECT --target ts` emits
TypeScript from it."""

from __future__ import annotations

from migrator import __version__
from migrator.emit.python.env import render_template
from migrator.emit.python.expr import Printer
from migrator.emit.python.literals import py_string
from migrator.emit.python.modules import (
    Layout, action_modules, dependency_module, file_model_modules, fmt, manifest_modules,
    runtime_modules,
)
from migrator.emit.python.names import dist_name, package_name
from migrator.emit.python.rules import own_rules_module
from migrator.emit.writer import GeneratedFile
from migrator.sdk.package import SdkPackage
from migrator.sdk.report import status_counts

# Project files beside the package (a carried wrapper file of the same path moves aside).
STATIC = frozenset({"pyproject.toml", "README.md", "MIGRATION.md", "instructions.md",
                    ".gitignore"})


def project_files(pkg: SdkPackage, *, era: str) -> tuple[dict[str, str], dict[str, str]]:
    """({path: text}, {carried file: where the project stores it}) of the whole project."""
    out = Layout(pkg, package_name(pkg.manifest.id))
    manifest_modules(out)
    runtime_modules(out)
    config_module = action_modules(out)
    dependency_module(out)
    file_model_modules(out, config_module)
    rules = own_rules_module(pkg)
    if rules is not None:
        out.add("rules.py", "startos/rules.ts", fmt(rules))  # at this project's line length
    name, head = out.package, out.head
    generated = set(out.files) | STATIC | {
        f"{name}/{f}" for f in ("__init__.py", "__main__.py", "py.typed")}
    stored = {c.path: (c.path if c.path not in generated else "legacy/" + c.path)
              for c in pkg.carried}
    files = dict(out.files)
    files[f"{name}/__init__.py"] = _package_init(pkg, era, head, stored, pkg.config is not None)
    files[f"{name}/__main__.py"] = fmt(render_template(
        "__main__.py.j2", header=head, rules=rules is not None))
    files[f"{name}/py.typed"] = ""
    files.update(_static_files(pkg, era, name, out.counterparts))
    return files, stored


def _package_init(pkg: SdkPackage, era: str, head: str, stored: dict[str, str],
                  config: bool) -> str:
    p = Printer()
    carried = []
    for c in pkg.carried:
        extra = "".join([
            f", stored_at={py_string(stored[c.path])}" if stored[c.path] != c.path else "",
            ", executable=True" if c.executable else "",
            f", source={py_string(c.source)}" if c.source else ""])
        carried.append(f"carried_file(ROOT, path={py_string(c.path)}{extra}),\n")
    return fmt(render_template(
        "__init__.py.j2", header=head, era=py_string(era),
        legacy_source=py_string(pkg.legacy_source), legacy_sha256=py_string(pkg.legacy_sha256),
        carried="".join(carried), extra=p.expr(pkg.extra) if pkg.extra else None,
        actions_todos=bool(pkg.actions_todos), config=config,
        dependency_tasks=bool(pkg.dependency_tasks),
        dependency_todos=bool(pkg.dependency_todos)))


def _static_files(pkg: SdkPackage, era: str, name: str,
                  where: dict[str, str]) -> dict[str, str]:
    m = pkg.manifest
    rows = pkg.migration
    counts = status_counts(rows)
    common = dict(id=m.id, title=m.title, tool_version=__version__, era=era, package=name,
                  legacy_source=pkg.legacy_source, legacy_sha256=pkg.legacy_sha256)
    out = {
        "pyproject.toml": render_template("pyproject.toml.j2", dist_name=dist_name(m.id),
                                          **common),
        ".gitignore": render_template("gitignore.j2"),
        "README.md": render_template("README.md.j2", support_site=pkg.extra.get("support"),
                                     **common),
        "instructions.md": render_template("instructions.md.j2", title=m.title,
                                           body=pkg.instructions.body,
                                           sections=pkg.instructions.alert_sections),
        "MIGRATION.md": render_template(
            "MIGRATION.md.j2", counts=counts, modules=sorted(where.items()),
            todo=[r for r in rows if r.status == "todo"],
            translated=[r for r in rows if r.status == "translated"],
            gone=[r for r in rows if r.status == "not-applicable"], **common),
    }
    if not any(c.path.startswith("assets/") for c in pkg.carried):
        out["assets/README.md"] = render_template("assets_README.md.j2")
    return out


def emit_python(pkg: SdkPackage, *, era: str) -> list[GeneratedFile]:
    """Every file of the project: generated text files, then the carried wrapper files."""
    texts, stored = project_files(pkg, era=era)
    files = [GeneratedFile(path, text.encode("utf-8")) for path, text in sorted(texts.items())]
    for carried in pkg.carried:
        files.append(GeneratedFile(stored[carried.path], carried.content, carried.executable))
    return files


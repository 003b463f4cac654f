"""TypeScript emitter entry point: the SDK model → the files of a StartOS 0.4 project."""

from __future__ import annotations

from migrator import __version__
from migrator.emit.typescript import (
    code_actions, code_config, code_manifest, code_rules, code_runtime,
)
from migrator.emit.typescript.env import render_template
from migrator.emit.typescript.header import header
from migrator.emit.typescript.literals import display_width, ts_string
from migrator.emit.writer import GeneratedFile
from migrator.sdk.package import SdkPackage
from migrator.sdk.report import status_counts

MAKE_ARCH = {"x86_64": "x86", "aarch64": "arm", "riscv64": "riscv"}


def _fits(line: str) -> bool:
    """Whether prettier keeps `key: 'string'` on one line (else it breaks after the colon:
    a title makes the needs-config reason arbitrarily long)."""
    return display_width(line) <= 80


def _body(path: str, head: str, body: str) -> tuple[str, str]:
    return path, render_template("startos/body.ts.j2", header=head, body=body.rstrip("\n"))


def _utils_uses(pkg: SdkPackage, runtime: set[str], dep_helpers: set[str], rules: bool,
                pointers: bool) -> dict[str, bool]:
    health = "legacyHealthScript" in runtime
    kinds = {a.kind for a in pkg.actions}
    deps = bool(dep_helpers & {"onlyWhen", "pick", "variantIn", "anyOf"}) or bool(
        pkg.config is not None and pkg.config.writes)  # `pick` for the setConfig writes
    return {
        "health": health, "exec": health or "docker" in kinds, "io": "docker" in kinds,
        "action_result": "docker" in kinds, "properties": "properties" in kinds,
        "shapes": pkg.config is not None, "deps": deps,
        "objects": pkg.config is not None or deps, "not_migrated": "script" in kinds,
        "pointers": pointers,
        "rules": rules, "rule_checks": rules, "tasks": bool(pkg.dependency_tasks),
        "certificates": "pemChain" in runtime,
    }


def project_files(pkg: SdkPackage, *, era: str) -> dict[str, str]:
    head = header(pkg.legacy_source, pkg.legacy_sha256)
    files: dict[str, str] = {}
    files.update([
        _body("startos/manifest/index.ts", head, code_manifest.manifest_index(pkg)),
        _body("startos/manifest/i18n.ts", head, code_manifest.manifest_texts(pkg)),
        _body("startos/manifest/dependencies.ts", head, code_manifest.manifest_dependencies(pkg)),
    ])
    pointer_body, pointer_todos, pointer_helpers = (
        code_config.pointer_plan(pkg) if pkg.config is not None else ("", [], ()))
    for path, ctx in code_manifest.version_modules(pkg).items():
        files[path] = render_template(f"{path}.j2", header=head,
                                      refresh_pointers=bool(pointer_helpers), **ctx)
    main, runtime_helpers = code_runtime.main_module(pkg)
    rules_body, rule_names = code_rules.rules_module(pkg)
    deps, dep_helpers = code_actions.dependencies_module(pkg, rule_names)
    if rules_body is not None:
        files.update([_body("startos/rules.ts", head, rules_body)])
    files.update([
        _body("startos/main.ts", head, main),
        _body("startos/interfaces.ts", head, code_runtime.interfaces_module(pkg)),
        _body("startos/backups.ts", head, code_runtime.backups_module(pkg)),
        _body("startos/dependencies.ts", head, deps),
    ])
    names = code_actions.action_names(pkg)
    for action in pkg.actions:
        if action.kind == "config":
            body = code_config.config_action_module(pkg, rule_names.own)
        else:
            body = code_actions.action_module(action, names[action.id])
        files.update([_body(f"startos/actions/{action.id}.ts", head, body)])
    files.update([_body("startos/actions/index.ts", head, code_actions.actions_index(pkg, names))])
    if pkg.config is not None:
        files["startos/fileModels/config.yaml.ts"] = render_template(
            "startos/fileModels/config.yaml.ts.j2", header=head,
            body=code_config.file_model_module(pkg.config, pointer_helpers).rstrip("\n"),
            pointer_todos=pointer_todos, pointer_body=pointer_body)
        files["startos/init/needsConfig.ts"] = render_template(
            "startos/init/needsConfig.ts.j2", header=head,
            severity=pkg.config.needs_config.severity, reason=pkg.config.needs_config.reason,
            reason_fits=_fits(f"    reason: {ts_string(pkg.config.needs_config.reason)},"))
    files["startos/init/index.ts"] = render_template(
        "startos/init/index.ts.j2", header=head, needs_config=pkg.config is not None,
        refresh_pointers=bool(pointer_helpers))
    files["startos/utils.ts"] = render_template(
        "startos/utils.ts.j2", header=head,
        uses=_utils_uses(pkg, runtime_helpers, dep_helpers, rules_body is not None,
                         bool(pointer_helpers)))
    for name in ("index.ts", "sdk.ts"):
        files[f"startos/{name}"] = render_template(f"startos/{name}.j2", header=head)
    files.update(_static_files(pkg, era, head))
    return files


def _static_files(pkg: SdkPackage, era: str, head: str) -> dict[str, str]:
    m = pkg.manifest
    rows = pkg.migration
    counts = status_counts(rows)
    common = dict(id=m.id, title=m.title, tool_version=__version__, era=era,
                  legacy_source=pkg.legacy_source, legacy_sha256=pkg.legacy_sha256)
    arches = " ".join(MAKE_ARCH[a] for a in m.arches())
    out = {
        "package.json": render_template("package.json.j2", **common),
        "tsconfig.json": render_template("tsconfig.json.j2"),
        "Makefile": render_template("Makefile.j2", header=head[3:], make_arches=arches),
        ".gitignore": render_template("gitignore.j2"),
        "README.md": render_template("README.md.j2", support_site=pkg.extra.get("support"),
                                     **common),
        "instructions.md": render_template("instructions.md.j2", title=m.title,
                                           body=pkg.instructions.body,
                                           sections=pkg.instructions.alert_sections),
        "MIGRATION.md": render_template(
            "MIGRATION.md.j2", counts=counts,
            todo=[r for r in rows if r.status == "todo"],
            translated=[r for r in rows if r.status == "translated"],
            gone=[r for r in rows if r.status == "not-applicable"], **common),
    }
    if not any(c.path.startswith("assets/") for c in pkg.carried):
        out["assets/README.md"] = render_template("assets_README.md.j2")
    return out


def emit_typescript(pkg: SdkPackage, *, era: str) -> list[GeneratedFile]:
    """Every file of the project: generated text files, then the carried wrapper files."""
    texts = project_files(pkg, era=era)
    files = [GeneratedFile(path, text.encode("utf-8")) for path, text in sorted(texts.items())]
    generated = set(texts)
    for carried in pkg.carried:
        path = carried.path if carried.path not in generated else "legacy/" + carried.path
        files.append(GeneratedFile(path, carried.content, carried.executable))
    return files

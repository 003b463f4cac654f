"""Hostile legacy strings cannot change the generated program (mapping.md §10).

Every legacy text field of a wrapper is drawn from strings full of quotes, backslashes,
backticks, `${…}`, `*/`, newlines and U+2028/U+2029; the generated projects must
type-check, and the strings the SDK builds at run time must equal the inputs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrator.convert import convert
from tests import tsharness

NASTY = ["'", '"', "\\", "`", "${x}", "*/", "/*", "\n", "\r\n", "\u2028", "\u2029", "\t",
         "</script>", "// ", "\\u0041", "${", "}", "\x00", "é", "😀", "id: 'x'"]
hostile = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=6)), min_size=1,
                   max_size=8).map("".join).filter(lambda s: s.strip() != "")


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar for any text (escapes for everything not plain ASCII)."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif " " <= c <= "~":
            out.append(c)
        elif ord(c) < 0x10000:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def wrapper_files(t: dict[str, str]) -> dict[str, str]:
    y = yaml_quoted
    manifest = f"""\
id: hostile
title: {y(t['title'])}
version: 1.0.0
release-notes: {y(t['notes'])}
license: mit
wrapper-repo: https://example.com/w
upstream-repo: https://example.com/u
description: {{short: {y(t['short'])}, long: {y(t['long'])}}}
main: {{type: docker, image: main, entrypoint: {y(t['entry'])}, args: [{y(t['arg'])}], mounts: {{main: /data}}}}
health-checks:
  web:
    name: {y(t['check'])}
    success-message: {y(t['success'])}
    type: docker
    image: main
    entrypoint: check.sh
    io-format: json
volumes: {{main: {{type: data}}}}
interfaces:
  main:
    name: {y(t['iface'])}
    description: {y(t['iface_desc'])}
    tor-config: {{port-mapping: {{80: "8080"}}}}
    ui: true
    protocols: [tcp, http]
backup:
  create: {{type: docker, image: compat, system: true, entrypoint: compat, args: [duplicity, create, /b, /data], mounts: {{BACKUP: /b, main: /data}}}}
  restore: {{type: docker, image: compat, system: true, entrypoint: compat, args: [duplicity, restore, /b, /data], mounts: {{BACKUP: /b, main: /data}}}}
actions:
  go:
    name: {y(t['action'])}
    description: {y(t['action_desc'])}
    warning: {y(t['warning'])}
    allowed-statuses: [running]
    implementation: {{type: docker, image: main, entrypoint: go.sh, io-format: json}}
    input-spec:
      field:
        type: string
        name: {y(t['field'])}
        description: {y(t['field_desc'])}
        nullable: true
        default: {y(t['default'])}
        placeholder: {y(t['placeholder'])}
      choice:
        type: enum
        name: {y(t['enum'])}
        values: [a, b]
        value-names: {{a: {y(t['label'])}}}
        default: a
"""
    return {"manifest.yaml": manifest}


KEYS = ["title", "notes", "short", "long", "entry", "arg", "check", "success", "iface",
        "iface_desc", "action", "action_desc", "warning", "field", "field_desc", "default",
        "placeholder", "enum", "label"]
texts = st.fixed_dictionaries({k: hostile for k in KEYS})


@settings(max_examples=2, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(texts, min_size=8, max_size=8))
def test_hostile_strings_type_check_and_survive(tmp_path_factory, batch):
    tsharness.ensure_toolchain()
    root = tmp_path_factory.mktemp("hostile")
    projects = []
    for i, t in enumerate(batch):
        src = root / f"w{i}"
        src.mkdir()
        for name, text in wrapper_files(t).items():
            (src / name).write_text(text, encoding="utf-8")
        result = convert(src, root / f"p{i}")
        assert not any(d.code.startswith("R") for d in result.diagnostics), t
        assert result.ok, [d.headline() for d in result.diagnostics]
        projects.append((root / f"p{i}", t))
    errors = tsharness.typecheck([p for p, _ in projects])
    assert {str(k): v for k, v in errors.items() if v} == {}
    dumps = tsharness.emit_and_dump([p for p, _ in projects])
    for project, t in projects:
        dump = dumps[project.resolve()]
        manifest, action = dump["manifest"], dump["actions"]["go"]
        assert manifest["title"] == t["title"]
        assert manifest["releaseNotes"] == t["notes"]
        assert manifest["description"] == {"short": {"en_US": t["short"]},
                                           "long": {"en_US": t["long"]}}
        assert action["metadata"]["name"] == t["action"]
        assert action["metadata"]["description"] == t["action_desc"]
        assert action["metadata"]["warning"] == t["warning"]
        field = action["spec"]["field"]
        assert (field["name"], field["description"], field["default"], field["placeholder"]) \
            == (t["field"], t["field_desc"], t["default"], t["placeholder"])
        assert action["spec"]["choice"]["name"] == t["enum"]
        assert action["spec"]["choice"]["values"]["a"] == t["label"]

"""Unit tests of the IR stage: one legacy rule per test, on small inline wrappers."""

from __future__ import annotations

import textwrap

import pytest

from tests.helpers import check_dir, codes, write_wrapper

BASE = """\
id: demo
title: Demo
version: 1.0.0
release-notes: notes
license: mit
wrapper-repo: https://example.com/w
upstream-repo: https://example.com/u
description: {short: s, long: l}
main: {type: docker, image: main, entrypoint: run.sh, mounts: {main: /data}}
health-checks: {}
volumes: {main: {type: data}}
interfaces: {}
backup:
  create: {type: docker, image: compat, system: true, entrypoint: compat, args: [duplicity, create, /b, /data], mounts: {BACKUP: /b, main: /data}}
  restore: {type: docker, image: compat, system: true, entrypoint: compat, args: [duplicity, restore, /b, /data], mounts: {BACKUP: /b, main: /data}}
"""


def manifest(tmp_path, extra: str = "", base: str = BASE):
    text = base + textwrap.dedent(extra)
    return check_dir(write_wrapper(tmp_path, {"manifest.yaml": text}))


def test_minimal_manifest_reads_cleanly(tmp_path):
    pkg, diags = manifest(tmp_path)
    assert codes(diags) == []
    m = pkg.manifest
    assert (m.era, m.id, m.title, m.version_text) == ("0.3", "demo", "Demo", "1.0.0")
    assert m.version.as_tuple() == (1, 0, 0, 0)
    assert m.main.entrypoint == "run.sh" and m.main.mounts == (("main", "/data"),)


def test_missing_required_key_is_located_at_the_mapping(tmp_path):
    pkg, diags = manifest(tmp_path, base=BASE.replace("license: mit\n", ""))
    [d] = [d for d in diags if d.code == "M401"]
    assert "license" in d.message and d.location.line == 1


def test_unknown_keys_are_kept_and_reported(tmp_path):
    pkg, diags = manifest(tmp_path, "colour: blue\n")
    assert [u.key for u in pkg.manifest.unknown] == ["colour"]
    [d] = [d for d in diags if d.code == "M403"]
    assert d.severity.value == "warning" and d.location.line == 16


def test_script_procedures_without_scripts_dir_warn_at_the_first(tmp_path):
    _, diags = manifest(tmp_path, base=BASE.replace("{type: docker, image: compat, system: true, entrypoint: compat, args: [duplicity, create, /b, /data], mounts: {BACKUP: /b, main: /data}}", "{type: script}"))
    [d] = [d for d in diags if d.code == "M423"]
    assert d.location.line == 14 and str(d.key_path) == "backup.create"
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "embassy.js").write_text("export {}")
    _, diags = check_dir(tmp_path)
    assert "M423" not in codes(diags)


def test_long_title_and_digit_ids_are_warnings(tmp_path):
    pkg, diags = manifest(tmp_path, base=BASE.replace("id: demo", "id: demo2").replace(
        "title: Demo", "title: A Title That Is Far Too Long For 0.3"))
    assert sorted(codes(diags, "warning")) == ["M404", "M405"]


def test_invalid_id_is_an_error(tmp_path):
    _, diags = manifest(tmp_path, base=BASE.replace("id: demo", "id: Demo_App"))
    assert codes(diags, "error") == ["M404"]


def test_mount_of_undeclared_volume_is_an_error(tmp_path):
    _, diags = manifest(tmp_path, base=BASE.replace("{main: /data}", "{main: /data, db: /db}"))
    [d] = [d for d in diags if d.code == "M409"]
    assert str(d.key_path) == "main.mounts.db"


def test_interfaces_ports_and_validation(tmp_path):
    pkg, diags = manifest(tmp_path, """\
    interfaces:
      main:
        name: UI
        description: d
        tor-config: {port-mapping: {80: "8080", 8443: 8443}}
        lan-config: {443: {ssl: true, mapping: 8080}}
        ui: true
        protocols: [tcp]
    """.replace("interfaces:", "interfaces:", 1))
    iface = pkg.manifest.interfaces[0]
    assert iface.internal_ports == (8080, 8443)
    assert iface.lan_ports[0].internal == 8080  # `mapping` is an alias of `internal`
    assert [d.code for d in diags] == ["R109", "M410", "M410"]  # dup `interfaces`, no http


def test_port_out_of_range(tmp_path):
    base = BASE.replace("interfaces: {}\n", "")
    _, diags = manifest(tmp_path, """\
    interfaces:
      main: {name: n, description: d, tor-config: {port-mapping: {80: "70000"}}, ui: false, protocols: [tcp]}
    """, base=base)
    assert "M411" in codes(diags, "error")


def test_dependency_self_and_ranges(tmp_path):
    _, diags = manifest(tmp_path, """\
    dependencies:
      demo: {version: "*", requirement: {type: required}}
      other: {version: "1.0", requirement: {type: opt-in}}
    """)
    errors = codes(diags, "error")
    assert "M412" in errors  # depends on itself
    assert "S203" in errors  # a bare version is not a range
    assert "M401" in errors  # opt-in needs `how`


def test_docker_action_requires_io_format_and_maps_statuses(tmp_path):
    pkg, diags = manifest(tmp_path, """\
    actions:
      go:
        name: Go
        description: d
        allowed-statuses: [running, paused]
        implementation: {type: docker, image: main, entrypoint: go.sh}
    """)
    assert pkg.manifest.actions[0].allowed_statuses == ("running",)
    assert sorted(codes(diags)) == ["M407", "M419"]


def test_durations(tmp_path):
    pkg, diags = manifest(tmp_path, base=BASE.replace(
        "entrypoint: run.sh,", "entrypoint: run.sh, sigterm-timeout: 1.5m,"))
    assert pkg.manifest.main.sigterm_timeout_ms == 90_000
    _, diags = manifest(tmp_path, base=BASE.replace(
        "entrypoint: run.sh,", "entrypoint: run.sh, sigterm-timeout: soon,"))
    assert codes(diags) == ["M417"]


@pytest.mark.parametrize("name", ["manifest.toml", "manifest.json"])
def test_manifest_order_prefers_toml_then_yaml(tmp_path, name):
    other = '{"id": "x"}' if name.endswith("json") else 'id = "x"\n'
    _, diags = check_dir(write_wrapper(tmp_path, {"manifest.yaml": BASE, name: other}))
    assert "R102" in codes(diags)


def test_no_manifest(tmp_path):
    pkg, diags = check_dir(tmp_path)
    assert pkg is None and codes(diags) == ["R101"]

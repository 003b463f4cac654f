"""Lowering of what runs (issue 10): daemon and health-check ids, health probes from the
wrapper's evidence, bind protocols, injected actions, certificate volumes, and the legacy
hostnames in copied scripts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migrator.diagnostics import Diagnostics
from migrator.ir.manifest import Interface, LanPort, TorPort
from migrator.ir.origin import NOWHERE
from migrator.lower.interfaces import bind_options, interface_type
from migrator.lower.package import lower_package
from tests.conftest import WRAPPERS
from tests.helpers import check_dir, codes, write_wrapper


def lowered(path: Path):
    legacy, diags = check_dir(path)
    assert legacy is not None, [d.headline() for d in diags]
    out = Diagnostics()
    return lower_package(legacy, out), out


def rows(pkg) -> dict[str, tuple[str, str]]:
    return {r.construct: (r.status, r.note) for r in pkg.migration}


# --- daemon and health-check ids (mapping.md §6, corrected) ---------------------------------


def test_main_daemon_takes_the_id_of_its_ready_check():
    pkg, _ = lowered(WRAPPERS / "rt-health")
    main = pkg.main
    # `web-ui` is not the first check, but its id names the main UI: it becomes the ready
    assert main.daemon.id == "web-ui"
    assert main.daemon.ready.id == "web-ui"
    assert [c.id for c in main.health_checks] == ["synced", "api", "indexer", "reachable"]


def test_every_legacy_check_id_is_a_daemon_or_health_check_id():
    for name in ("rt-health", "hello-v03"):
        legacy, _ = check_dir(WRAPPERS / name)
        pkg, _ = lowered(WRAPPERS / name)
        ids = {pkg.main.daemon.id, *(c.id for c in pkg.main.health_checks)}
        assert {c.id for c in legacy.manifest.health_checks} <= ids


def test_primary_only_without_legacy_checks():
    pkg, _ = lowered(WRAPPERS / "rt-protocols")
    assert pkg.main.daemon.id == "primary" and pkg.main.daemon.ready is None


def test_first_check_is_ready_when_none_is_named_like_a_ui(tmp_path):
    wrapper = write_wrapper(tmp_path, {"manifest.yaml": MINIMAL.format(checks=textwrap.indent(
        "synced:\n  name: Synced\n  type: script\nreachable:\n  name: Reachable\n"
        "  type: script\n", "  "))})
    pkg, _ = lowered(wrapper)
    assert pkg.main.daemon.id == "synced"
    assert [c.id for c in pkg.main.health_checks] == ["reachable"]


# --- health probes from evidence -------------------------------------------------------------


def test_script_check_port_comes_from_its_url_in_the_health_source():
    pkg, _ = lowered(WRAPPERS / "rt-health")
    api = next(c for c in pkg.main.health_checks if c.id == "api")
    assert (api.probe.kind, api.probe.port, api.probe.todo) == ("port", 3000, None)
    assert "scripts/procedures/healthChecks.ts" in api.probe.evidence
    assert rows(pkg)["health check `api`"][0] == "translated"


def test_probe_on_a_port_no_interface_binds_is_a_todo_not_a_probe():
    pkg, diags = lowered(WRAPPERS / "rt-health")
    indexer = next(c for c in pkg.main.health_checks if c.id == "indexer")
    assert indexer.probe.kind == "disabled" and indexer.probe.port is None
    assert "9999" in indexer.probe.todo.text and "no interface binds" in indexer.probe.todo.text
    assert rows(pkg)["health check `indexer`"][0] == "todo"
    assert "L645" in codes(diags)


@pytest.mark.parametrize("wrapper, check", [("hello-v03", "synced"), ("rt-health", "reachable")])
def test_no_evidence_and_several_bound_ports_is_a_todo_never_a_guess(wrapper, check):
    pkg, _ = lowered(WRAPPERS / wrapper)  # a script check, no function found, 2 ports bound
    found = next(c for c in pkg.main.health_checks if c.id == check)
    assert found.probe.kind == "disabled" and found.probe.port is None
    assert "no single port" in found.probe.todo.text


def test_no_evidence_uses_the_only_bound_port_with_a_todo(tmp_path):
    wrapper = write_wrapper(tmp_path, {"manifest.yaml": MINIMAL.format(checks=textwrap.indent(
        "alive:\n  name: Alive\n  type: script\n", "  "))})
    pkg, _ = lowered(wrapper)
    ready = pkg.main.daemon.ready
    assert (ready.probe.kind, ready.probe.port) == ("port", 8080)
    assert "only port the package binds" in ready.probe.todo.text


def test_every_port_probe_is_bound_by_the_interfaces():
    for name in ("rt-health", "hello-v03", "hello-v02", "hello-ts", "rt-protocols"):
        pkg, _ = lowered(WRAPPERS / name)
        bound = {b.internal_port for h in pkg.hosts for b in h.bindings}
        checks = [*pkg.main.health_checks, *([pkg.main.daemon.ready]
                                             if pkg.main.daemon.ready else [])]
        assert {c.probe.port for c in checks if c.probe.kind == "port"} <= bound


def test_docker_check_calling_a_dependency_hostname_is_not_translated():
    pkg, diags = lowered(WRAPPERS / "rt-health")
    synced = next(c for c in pkg.main.health_checks if c.id == "synced")
    assert synced.probe.kind == "script" and synced.probe.todo is not None
    assert rows(pkg)["health check `synced`"][0] == "todo"
    # its own hostname is rewritten to localhost: that check stays translated
    assert rows(pkg)["health check `web-ui`"][0] == "translated"


def test_copied_scripts_have_legacy_hostnames_rewritten():
    pkg, diags = lowered(WRAPPERS / "rt-health")
    files = {c.path: c.content.decode() for c in pkg.carried}
    assert "rt-health.embassy" not in files["check-web.sh"]
    assert "http://localhost:8080/health" in files["check-web.sh"]
    synced = files["check-synced.sh"].split("\n")
    todo = next(i for i, line in enumerate(synced) if "TODO(migrate)" in line)
    # the marker sits above the command, not inside its `\` continuation
    assert synced[todo + 1].startswith("height=$(curl")
    assert "bitcoind.startos:8332" in files["check-synced.sh"]
    assert "bitcoind.embassy:" not in files["docker_entrypoint.sh"]
    assert rows(pkg)["hostnames in `check-synced.sh`"][0] == "todo"
    assert "L660" in codes(diags)


def test_hostname_rewrite_rules():
    from migrator.lower.script_evidence import rewrite_hostnames

    rw = rewrite_hostnames("run.sh", b"#!/bin/sh\ncurl http://me.embassy:80 \\\n"
                           b"  http://btc.embassy:8332\n", "me")
    text = rw.content.decode()
    assert text.split("\n")[1].startswith("# TODO(migrate): btc.embassy")
    assert "http://localhost:80" in text and "btc.startos:8332" in text
    assert rw.foreign == ("btc",)
    assert rewrite_hostnames("data.json", b'{"url": "http://btc.embassy"}', "me") is None
    assert rewrite_hostnames("x.sh", b"echo hello", "me") is None
    js = rewrite_hostnames("a.ts", b"const u = 'http://lnd.embassy:8080'\n", "me")
    assert js.content.decode().startswith("// TODO(migrate): lnd.embassy")


def test_probed_reads_own_ports_only():
    from migrator.lower.script_evidence import probed

    found = probed("checkWebUrl('http://me.embassy:3000') fetch('http://dep.embassy:9')\n"
                   "checkPortListening(effects, 4000)", "me")
    assert found.ports == (3000, 4000) and found.foreign == ("dep",)
    assert probed("curl https://localhost/x", "me").ports == (443,)


# --- protocols (mapping.md §4) ---------------------------------------------------------------


def iface(protocols, tor=(), lan=(), ui=False):
    return Interface("i", "I", "", ui, tuple(protocols), NOWHERE,
                     tuple(TorPort(e, i, NOWHERE) for e, i in tor) or None,
                     tuple(LanPort(e, i, s, NOWHERE) for e, i, s in lan) or None)


@pytest.mark.parametrize("case, internal, expected, kind", [
    # http + ssl on the LAN: the OS terminated TLS → plain http
    (iface(["tcp", "http"], [(80, 8080)], [(443, 8080, True)], ui=True), 8080,
     ("http", 80, None, None, None), "ui"),
    # the service's own TLS: https only
    (iface(["tcp", "https"], [(443, 8443)], ui=True), 8443, ("https", 443, None, None, None), "ui"),
    # a port reached as 443 over Tor speaks TLS itself (Tor adds none)
    (iface(["tcp", "http", "https"], [(443, 443)], [(443, 8080, True)]), 443,
     ("https", 443, None, None, None), "api"),
    # gRPC over the service's TLS → raw, secure
    (iface(["tcp", "http", "https", "grpc"], [(10009, 10009)]), 10009,
     (None, 10009, None, True, None), "api"),
    # gRPC behind the OS's TLS → raw, plain, TLS added with h2
    (iface(["tcp", "http", "grpc"], [(9000, 9000)], [(9000, 9000, True)]), 9000,
     (None, 9000, 9000, None, ("h2",)), "api"),
    # peer protocols → raw, secure without TLS, p2p
    (iface(["tcp", "bitcoin"], [(8333, 8333)]), 8333, (None, 8333, None, False, None),
     "p2p"),
    (iface(["tcp", "ws"], [(80, 7000)]), 7000, ("ws", 80, None, None, None), "api"),
    (iface(["tcp", "wss"], [(7443, 7443)]), 7443, ("wss", 7443, None, None, None), "api"),
    # http with the OS's TLS on another LAN port: TLS added there, not plain http on it
    (iface(["tcp", "http"], [(8088, 8088)], [(8443, 8088, True)], ui=True), 8088,
     ("http", 8088, 8443, None, None), "ui"),
    (iface(["tcp"], [(9100, 9100)]), 9100, (None, 9100, None, None, None), "api"),
])
def test_bind_protocols(case, internal, expected, kind):
    options = bind_options(case, internal)
    assert (options.protocol, options.preferred_external_port, options.add_ssl_port,
            options.secure_ssl, getattr(options, "alpn", None)) == expected
    assert interface_type(case, options) == kind


# --- injected actions ------------------------------------------------------------------------


def test_injected_action_runs_with_the_main_image_and_all_main_mounts():
    pkg, _ = lowered(WRAPPERS / "rt-health")
    action = next(a for a in pkg.actions if a.id == "rotate-keys")
    assert action.docker.inject and action.docker.image_id == pkg.main.daemon.image_id
    assert action.docker.mounts == pkg.main.daemon.mounts
    assert action.metadata.allowed_statuses == "only-running"
    assert rows(pkg)["action `rotate-keys`"][0] == "translated"


def test_injected_action_acting_on_processes_is_a_todo():
    pkg, diags = lowered(WRAPPERS / "rt-health")
    action = next(a for a in pkg.actions if a.id == "restart-relay")
    # legacy allowed [running, stopped], but it ran inside the running container
    assert action.metadata.allowed_statuses == "only-running"
    assert action.todos and "kill 1" in action.todos[0].text
    assert rows(pkg)["action `restart-relay`"][0] == "todo"
    assert "L659" in codes(diags)


def test_02_running_actions_are_injected():
    pkg, _ = lowered(WRAPPERS / "hello-v02")
    injected = [a for a in pkg.actions if a.docker and getattr(a.docker, "inject", False)]
    assert [a.id for a in injected] == ["reset-password"]  # RUNNING: `docker exec` in 0.2
    assert all(a.metadata.allowed_statuses == "only-running" and
               a.docker.mounts == pkg.main.daemon.mounts for a in injected)


# --- certificate volumes (mapping.md §3) -----------------------------------------------------


def test_certificate_volume_is_written_by_a_oneshot():
    pkg, diags = lowered(WRAPPERS / "rt-health")
    assert [(c.volume_id, c.interface_id, c.mountpoint) for c in pkg.main.certificates] == \
        [("certs", "main", "/mnt/certs")]
    assert pkg.main.certificate_oneshot == "certificates"
    assert rows(pkg)["volume `certs`"][0] == "translated"
    assert "L657" not in codes(diags)


def test_certificate_for_an_interface_without_port_stays_a_todo(tmp_path):
    text = MINIMAL.format(checks="  {}").replace("      main: /data", "      main: /data\n"
                                                 "      certs: /certs")
    text = text.replace("volumes:\n", "volumes:\n  certs:\n    type: certificate\n"
                        "    interface-id: nope\n")
    pkg, diags = lowered(write_wrapper(tmp_path, {"manifest.yaml": text}))
    assert pkg.main.certificates == ()
    assert rows(pkg)["volume `certs`"][0] == "todo" and "L657" in codes(diags)


MINIMAL = """\
id: mini
title: Mini
version: 1.0.0
release-notes: x
license: mit
wrapper-repo: "https://example.com/w"
upstream-repo: "https://example.com/u"
description:
  short: s
  long: l
main:
  type: docker
  image: main
  entrypoint: run.sh
  args: []
  mounts:
      main: /data
health-checks:
{checks}
volumes:
  main:
    type: data
interfaces:
  main:
    name: Main
    description: d
    tor-config:
      port-mapping:
        80: "8080"
    ui: true
    protocols: [tcp, http]
backup:
  create:
    type: docker
    image: compat
    system: true
    entrypoint: compat
    args: [duplicity, create, /mnt/backup, /data]
    mounts:
      BACKUP: /mnt/backup
      main: /data
  restore:
    type: docker
    image: compat
    system: true
    entrypoint: compat
    args: [duplicity, restore, /mnt/backup, /data]
    mounts:
      BACKUP: /mnt/backup
      main: /data
"""


def test_main_command_hostnames_are_rewritten(tmp_path):
    text = MINIMAL.format(checks="  {}").replace(
        "  args: []", "  args: [--rpc, 'http://btc.embassy:8332', --me, 'http://mini.embassy']")
    pkg, diags = lowered(write_wrapper(tmp_path, {"manifest.yaml": text}))
    assert pkg.main.daemon.command == ("run.sh", "--rpc", "http://btc.startos:8332", "--me",
                                       "http://localhost")
    assert pkg.main.daemon.todos and "btc.embassy" in pkg.main.daemon.todos[0].text
    assert rows(pkg)["main command"][0] == "todo" and "L660" in codes(diags)


def test_action_command_hostnames_are_rewritten(tmp_path):
    text = MINIMAL.format(checks="  {}") + textwrap.dedent("""\
        actions:
          ping:
            name: Ping
            description: Pings the node
            allowed-statuses: [running]
            implementation:
              type: docker
              image: main
              entrypoint: curl
              args: ['http://btc.embassy:8332']
              mounts:
                main: /data
              io-format: json
        """)
    pkg, diags = lowered(write_wrapper(tmp_path, {"manifest.yaml": text}))
    ping = next(a for a in pkg.actions if a.id == "ping")
    assert ping.docker.command == ("curl", "http://btc.startos:8332")
    assert ping.todos and rows(pkg)["action `ping`"][0] == "todo"

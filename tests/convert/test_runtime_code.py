"""The generated runtime code of the rt-* fixtures (issue 10): what StartOS will run."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def projects(converted_fixtures):
    return {c.name: c.out for c in converted_fixtures}


def read(projects, name: str, path: str) -> str:
    return (projects[name] / path).read_text()


def test_main_daemon_and_checks_keep_the_legacy_ids(projects):
    main = read(projects, "rt-health", "startos/main.ts")
    assert ".addDaemon('web-ui', {" in main and "'web-ui-sub'" in main
    assert "primary" not in main
    for check in ("synced", "api", "indexer", "reachable"):
        assert f".addHealthCheck('{check}', {{" in main
    assert main.count("requires: ['web-ui']") == 4


def test_health_probe_ports_come_from_evidence(projects):
    main = read(projects, "rt-health", "startos/main.ts")
    assert re.findall(r"checkPortListening\(effects, (\d+)", main) == ["3000"]
    assert "9999" not in main.split("TODO(migrate)")[0]


def test_certificates_are_written_before_the_main_daemon(projects):
    main = read(projects, "rt-health", "startos/main.ts")
    assert ".addOneshot('certificates', {" in main
    assert "sdk.getSslCertificate(effects, mainHostnames).const()" in main
    assert "sdk.getSslKey(effects, { hostnames: mainHostnames })" in main
    assert "writeFile('/mnt/certs/main.cert.pem', pemChain(mainCert))" in main
    assert "writeFile('/mnt/certs/main.key.pem', mainKey)" in main
    assert main.index(".addOneshot('certificates'") < main.index(".addDaemon('web-ui'")
    assert "requires: ['certificates']" in main
    assert "TODO(migrate): certificate" not in main
    utils = read(projects, "rt-health", "startos/utils.ts")
    assert "export function hostnamesOf(" in utils and "export function pemChain(" in utils


def test_injected_actions_run_with_the_main_image_and_mounts(projects):
    rotate = read(projects, "rt-health", "startos/actions/rotate-keys.ts")
    assert "allowedStatuses: 'only-running'" in rotate
    assert "sdk.SubContainer.withTemp(" in rotate and "{ imageId: 'main' }" in rotate
    assert "mountpoint: '/data'" in rotate
    restart = read(projects, "rt-health", "startos/actions/restart-relay.ts")
    assert "allowedStatuses: 'only-running'" in restart
    assert re.search(r"// TODO\(migrate\): .*kill 1", restart)


def test_copied_scripts_carry_no_legacy_hostname_without_a_marker(projects):
    out = projects["rt-health"]
    for path in ("check-web.sh", "check-synced.sh", "docker_entrypoint.sh"):
        lines = (out / path).read_text().split("\n")
        for i, line in enumerate(lines):
            if "TODO(migrate)" in line:
                continue
            assert ".embassy" not in line, (path, line)
            if ".startos" in line:
                assert any("TODO(migrate)" in prev for prev in lines[:i]), (path, line)


def _binding(interfaces: str, port: int) -> str:
    start = interfaces.index(f".bindPort({port}, {{")
    return interfaces[start:interfaces.index("})", start)]


def test_bind_protocols(projects):
    ifaces = read(projects, "rt-protocols", "startos/interfaces.ts")
    assert "protocol: 'http'" in _binding(ifaces, 8080)
    assert "protocol: 'https'" in _binding(ifaces, 8443)
    grpc_tls = _binding(ifaces, 10009)
    assert "protocol: null" in grpc_tls and "secure: { ssl: true }" in grpc_tls
    grpc_plain = _binding(ifaces, 9000)
    assert "alpn: { specified: ['h2'] }" in grpc_plain and "secure: null" in grpc_plain
    peer = _binding(ifaces, 8333)
    assert "protocol: null" in peer and "secure: { ssl: false }" in peer
    assert "protocol: 'ws'" in _binding(ifaces, 7000)
    assert "protocol: 'wss'" in _binding(ifaces, 7443)
    assert "addSsl: { preferredExternalPort: 8443 }" in _binding(ifaces, 8088)
    assert "type: 'p2p'" in ifaces
    main = read(projects, "rt-protocols", "startos/main.ts")
    assert ".addDaemon('primary', {" in main

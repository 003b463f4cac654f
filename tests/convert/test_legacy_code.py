"""Issue 10: what the legacy scripts, backup scripts and build files did reaches the
generated project, or stands as a TODO at the spot (fixtures tests/fixtures/wrappers/scr-*)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from migrator.convert import convert
from tests.conftest import WRAPPERS


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("scr")
    done = {}
    for name in ("scr-setconfig", "scr-properties", "scr-backup", "scr-buildargs"):
        result = convert(WRAPPERS / name, root / name)
        assert result.ok, [str(d) for d in result.diagnostics]
        done[name] = (root / name, result.package)
    return done


def rows(pkg, construct):
    return [r for r in pkg.migration if r.construct == construct]


def text(out, name, path):
    return (out[name][0] / path).read_text(encoding="utf-8")


def test_set_config_template_write_is_carried_into_the_config_action(out):
    config = text(out, "scr-setconfig", "startos/actions/config.ts")
    write = config.index("await sdk.volumes.main.writeFile(")
    assert config.index("await configYaml.write(") < write
    assert "'relay.conf'," in config and "String(pick(legacy, 'max-peers'))" in config
    [w] = out["scr-setconfig"][1].config.writes
    assert (w.volume_id, w.path) == ("main", "relay.conf")
    assert w.parts == ("alias=", ("alias",), "\nmaxpeers=", ("max-peers",), "\n")


def test_set_config_side_effect_is_a_todo_at_the_config_action_with_the_legacy_code(out):
    config = text(out, "scr-setconfig", "startos/actions/config.ts")
    todo_at = config.index("TODO(migrate): the legacy setConfig also writes `.env`")
    assert config.index("await configYaml.write(") < todo_at  # in the run, after the write
    assert "scripts/services/setConfig.ts:14" in config
    assert "toWrite: renderEnv(newConfig)," in config  # the legacy code, quoted
    [row] = rows(out["scr-setconfig"][1], "setConfig (script)")
    assert row.status == "todo" and row.source.file == "scripts/services/setConfig.ts"


def test_plain_compat_set_config_is_translated(out):
    [row] = rows(out["scr-properties"][1], "setConfig (script)")
    assert row.status == "translated"
    assert "TODO(migrate)" not in text(out, "scr-properties", "startos/actions/config.ts")


def test_compat_properties_script_reads_stats_yaml(out):
    props = text(out, "scr-properties", "startos/actions/properties.ts")
    assert "sdk.volumes.main" in props and ".readFile('start9/stats.yaml')" in props
    [row] = rows(out["scr-properties"][1], "properties")
    assert row.status == "translated"


def test_custom_properties_script_is_a_todo_action(out):
    props = text(out, "scr-setconfig", "startos/actions/properties.ts")
    assert "notMigrated('Properties')" in props and "stats.yaml" not in props
    assert "TODO(migrate): the legacy properties are custom script code" in props
    [row] = rows(out["scr-setconfig"][1], "properties")
    assert row.status == "todo"


def test_compat_properties_reads_the_file_its_argument_names(out):
    # `compat properties /root/node` with volume main at /root → main:node/start9/stats.yaml
    props = text(out, "scr-backup", "startos/actions/properties.ts")
    assert ".readFile('node/start9/stats.yaml')" in props


def test_embassy_sdk_backup_excludes_are_carried(out):
    backups = text(out, "scr-setconfig", "startos/backups.ts")
    assert "withOptions({ exclude: ['cache/', 'relay.log'] })" in backups
    assert out["scr-setconfig"][1].backups.excludes == ("cache/", "relay.log")


def test_backup_script_excludes_and_post_restore_step_are_carried(out):
    pkg = out["scr-backup"][1]
    assert pkg.backups.excludes == ("/blocks", "/chainstate")
    hook = pkg.backups.post_restore
    assert hook is not None and hook.image_id == "main"
    assert hook.command == ("sh", "-c", "set -e\nchown -R 1000:1000 /root/data\n"
                                        "rm -f /root/data/node.lock")
    assert [m.mountpoint for m in hook.mounts] == ["/mnt/assets", "/root/data"]
    backups = text(out, "scr-backup", "startos/backups.ts")
    assert ".setPostRestore(async (effects) => {" in backups
    assert "'post-restore'" in backups
    assert {r.status for r in rows(pkg, "backup") + rows(pkg, "backup restore")} == {
        "translated"}


def test_build_args_from_the_makefile(out):
    pkg = out["scr-buildargs"][1]
    args = {a.name: a for a in pkg.manifest.images[0].build_args}
    assert set(args) == {"PLATFORM", "ARCH", "VERSION", "NETWORK"}  # not TARGETARCH, USER
    assert args["VERSION"].value == "3.0.0"
    assert args["PLATFORM"].env == "PLATFORM" and args["PLATFORM"].todo is not None
    assert args["NETWORK"].env == "NETWORK"
    source = pkg.to_json()["manifest"]["images"]["main"]["source"]["dockerBuild"]
    assert source["buildArgs"] == {"PLATFORM": {"env": "PLATFORM"}, "ARCH": {"env": "ARCH"},
                                   "VERSION": "3.0.0", "NETWORK": {"env": "NETWORK"}}
    status = {r.construct: r.status for r in pkg.migration if "ARG" in r.construct}
    assert status == {"Dockerfile ARG `PLATFORM`": "todo", "Dockerfile ARG `ARCH`": "todo",
                      "Dockerfile ARG `VERSION`": "translated",
                      "Dockerfile ARG `NETWORK`": "todo"}
    manifest = text(out, "scr-buildargs", "startos/manifest/index.ts")
    assert "VERSION: '3.0.0'" in manifest and "PLATFORM: { env: 'PLATFORM' }" in manifest


def test_single_arch_package_gets_the_literal_per_arch_value(tmp_path):
    wrapper = tmp_path / "w"
    shutil.copytree(WRAPPERS / "scr-buildargs", wrapper)
    manifest = wrapper / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("arch: [x86_64, aarch64]",
                                                     "arch: [aarch64]"))
    pkg = convert(wrapper, tmp_path / "o").package
    args = {a.name: a for a in pkg.manifest.images[0].build_args}
    assert args["PLATFORM"].value == "arm64" and args["ARCH"].value == "aarch64"


def _duplicity_wrapper(tmp_path: Path, path: str, mounts: str) -> Path:
    wrapper = tmp_path / "w"
    shutil.copytree(WRAPPERS / "scr-buildargs", wrapper)
    manifest = wrapper / "manifest.yaml"
    text = manifest.read_text().replace(
        "volumes:\n  main:\n    type: data\n",
        "volumes:\n  main:\n    type: data\n  db:\n    type: data\n")
    text = text.replace("[duplicity, create, /mnt/backup, /root/data]",
                        f"[duplicity, create, /mnt/backup, {path}]")
    text = text.replace("      BACKUP: /mnt/backup\n      main: /root/data\n",
                        "      BACKUP: /mnt/backup\n" + mounts, 1)
    manifest.write_text(text)
    return wrapper


def test_duplicity_backs_up_only_the_volumes_under_its_path(tmp_path):
    wrapper = _duplicity_wrapper(tmp_path, "/root/data",
                                 "      main: /root/data\n      db: /var/lib/mysql\n")
    pkg = convert(wrapper, tmp_path / "o").package
    assert pkg.backups.volumes == ("main",)
    [row] = rows(pkg, "backup")
    assert row.status == "translated" and "db mounted but not under /root/data" in row.note


def test_duplicity_of_part_of_a_volume_is_a_todo(tmp_path):
    wrapper = _duplicity_wrapper(tmp_path, "/root/data/sub", "      main: /root/data\n")
    pkg = convert(wrapper, tmp_path / "o").package
    [row] = rows(pkg, "backup")
    assert row.status == "todo" and pkg.backups.todos


def test_set_config_write_of_a_key_the_spec_lacks_is_not_carried(tmp_path):
    wrapper = tmp_path / "w"
    shutil.copytree(WRAPPERS / "scr-setconfig", wrapper)
    script = wrapper / "scripts/services/setConfig.ts"
    script.write_text(script.read_text().replace("newConfig.alias", "newConfig.nickname"))
    pkg = convert(wrapper, tmp_path / "o").package
    assert pkg.config.writes == ()
    [row] = rows(pkg, "setConfig (script)")
    assert row.status == "todo" and "writes `relay.conf` in volume `main`" in row.note

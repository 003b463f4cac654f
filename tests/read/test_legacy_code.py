"""The read stage's scans of legacy code: setConfig / properties / Backups in scripts/,
Dockerfile ARGs, Makefile --build-args and backup shell scripts (issue 10)."""

from __future__ import annotations

from migrator.read.buildfiles import (
    backup_script, dockerfile_args, makefile_build_args, read_backup_scripts,
)
from migrator.read.located import LMap
from migrator.read.scripts import SCAN_MAX, inside, scan_backups, scan_properties, \
    scan_set_config, scan_scripts, write_content
from migrator.read.wrapper import CopiedFile
from migrator.read.yaml_reader import parse_yaml

def one(path: str, text: str) -> dict[str, CopiedFile]:
    return {path: CopiedFile(path, text.encode())}


SET = "scripts/services/setConfig.ts"


def test_plain_compat_set_config_has_no_side_effects():
    facts = scan_set_config(one(SET, "import { compat } from '../deps.ts'\n"
                                     "export const setConfig: T.ExpectedExports.setConfig = "
                                     "compat.setConfig;\n"))
    assert facts is not None and facts.plain and facts.side_effects == ()


def test_set_config_writing_a_conf_file_is_found_with_its_line_and_path():
    text = ("import { compat } from '../deps.ts'\n"
            "export const setConfig = async (effects, config) => {\n"
            "  // effects.writeFile({ path: 'commented.conf' }) is not code\n"
            "  await effects.writeFile({\n"
            "    path: 'lnd.conf', volumeId: 'main', toWrite: render(config),\n"
            "  });\n"
            "  await writeEnv(effects, config);\n"
            "  return compat.setConfig(effects, config);\n"
            "};\n")
    facts = scan_set_config(one(SET, text))
    assert facts is not None and not facts.plain
    assert [(s.line, s.path, s.volume) for s in facts.side_effects] == [
        (4, "lnd.conf", "main"), (7, None, None)]
    assert "writeEnv(effects, config)" in facts.side_effects[1].text


def test_set_config_in_the_bundle_is_found():
    facts = scan_set_config(one("scripts/embassy.ts", "export async function setConfig(effects, c)"
                                " {\n  await effects.writeJsonFile({ path: 'a.json', volumeId: "
                                "'main', toWrite: c });\n  return compat.setConfig(effects, c)\n}"
                                "\nexport const x = 1\n"))
    assert facts is not None and facts.file == "scripts/embassy.ts"
    assert [s.path for s in facts.side_effects] == ["a.json"]


def test_properties_compat_or_custom():
    compat = scan_properties(one("scripts/procedures/properties.ts",
                                 "export const properties = compat.properties\n"))
    assert compat is not None and compat.compat
    custom = scan_properties(one("scripts/procedures/properties.ts",
                                 "export const properties = async (effects) => {\n"
                                 "  return { result: { version: 2, data: {} } }\n}\n"))
    assert custom is not None and not custom.compat
    assert custom.code is not None and "version: 2" in custom.code.text


def test_backups_volumes_and_excludes():
    facts = scan_backups(one("scripts/services/backups.ts",
                             'export const { createBackup, restoreBackup } = Backups\n'
                             '  .volumes("main", "db")\n'
                             '  .set_options({ exclude: ["blocks/", "chainstate/"] })\n'
                             '  .build();\n'))
    assert facts is not None and facts.understood
    assert facts.volumes == ("main", "db") and facts.excludes == ("blocks/", "chainstate/")


def test_backups_with_custom_sets_or_options_are_not_understood():
    sets = scan_backups(one("scripts/services/backups.ts",
                            "export const b = Backups.volumes('main').addSets({srcVolume: 'x'})"
                            ".build()\n"))
    opts = scan_backups(one("scripts/services/backups.ts",
                            "export const b = Backups.with_options({ delete: false })"
                            ".volumes('main').build()\n"))
    assert sets is not None and not sets.understood
    assert opts is not None and not opts.understood


def test_scan_is_bounded():
    long = "export const properties = compat.properties\n" + " " * (SCAN_MAX + 10) + \
        "export const setConfig = async (effects) => effects.writeFile({path: 'x'})\n"
    facts = scan_scripts((CopiedFile("scripts/embassy.ts", long.encode()),))
    assert facts.truncated == ("scripts/embassy.ts",)
    assert facts.set_config is None  # beyond the cap: never read
    assert facts.properties is not None and facts.properties.compat


def test_paths_outside_the_wrapper_are_refused():
    assert inside("assets/compat/restore.sh") == "assets/compat/restore.sh"
    assert inside("assets/../../etc/passwd") is None
    assert inside("/etc/passwd") is None
    assert inside("..") is None


def test_dockerfile_args_with_and_without_defaults():
    args = dockerfile_args(CopiedFile("Dockerfile", b"ARG PLATFORM\nFROM x:${PLATFORM}\n"
                                      b"ARG A B=2\nARG PLATFORM\n"))
    assert [(a.name, a.has_default, a.line) for a in args] == [
        ("PLATFORM", False, 1), ("A", False, 3), ("B", True, 3)]


def test_makefile_build_args_per_arch_and_variables():
    text = ("V := 1.2\n"
            "docker-images/aarch64.tar: Dockerfile\n"
            "\tdocker buildx build --build-arg ARCH=aarch64 \\\n"
            "\t\t--build-arg VERSION=$(V) --platform=linux/arm64 .\n"
            "docker-images/x86_64.tar: Dockerfile\n"
            "\tdocker buildx build --build-arg=ARCH=x86_64 --build-arg X=$(shell date) .\n")
    found = makefile_build_args(CopiedFile("Makefile", text.encode()))
    assert [(b.name, b.value, b.arch) for b in found] == [
        ("ARCH", "aarch64", "aarch64"), ("VERSION", "1.2", "aarch64"),
        ("ARCH", "x86_64", "x86_64"), ("X", "$(shell", "x86_64")]


def test_backup_script_split_around_the_transfer():
    script = backup_script("restore", "assets/r.sh", CopiedFile("assets/r.sh", (
        "#!/bin/sh\nset -e\nmkdir -p /root/data\n"
        "duplicity restore --force \\\n  file:///mnt/backup /root/data\n"
        "chown -R 1000 /root/data\n").encode()))
    assert script.transfer_line == 4
    assert script.before == ((3, "mkdir -p /root/data"),)
    assert script.after == ((6, "chown -R 1000 /root/data"),)
    assert not script.uses_args and not script.branches


def test_backup_scripts_named_by_the_manifest_only_inside_the_wrapper():
    from migrator.diagnostics import Diagnostics

    manifest = parse_yaml(
        "backup:\n"
        "  create: {type: docker, image: compat, system: true, entrypoint: /mnt/assets/b.sh,"
        " mounts: {compat: /mnt/assets}}\n"
        "  restore: {type: docker, image: main, entrypoint: sh,"
        " args: [/mnt/assets/../../../etc/r.sh], mounts: {compat: /mnt/assets}}\n"
        "volumes: {compat: {type: assets}}\n", "manifest.yaml", Diagnostics())
    assert isinstance(manifest, LMap)
    copied = {"assets/compat/b.sh": CopiedFile("assets/compat/b.sh", b"duplicity x\n"),
              "etc/r.sh": CopiedFile("etc/r.sh", b"rsync x\n")}
    found = read_backup_scripts(manifest, copied)
    assert [(s.role, s.relpath) for s in found] == [("create", "assets/compat/b.sh")]


def test_write_content_of_literals_and_plain_templates():
    call = "effects.writeFile({{ path: 'a', volumeId: 'main', toWrite: {} }})"
    assert write_content(call.format("'x\\ty'"), "c") == ("x\ty",)
    assert write_content(call.format("`url=http://h:${c.net[\"port\"]}/\\n`"), "c") == (
        "url=http://h:", ("net", "port"), "/\n")
    assert write_content(call.format("`${c.a + 1}`"), "c") is None  # an expression
    assert write_content(call.format("`${other.a}`"), "c") is None  # not the config
    assert write_content(call.format("render(c)"), "c") is None
    assert write_content(call.format("'\\x41'"), "c") is None  # escape not decoded: no guess


def test_template_with_a_url_is_read_from_the_text_with_comments_kept():
    facts = scan_set_config(one(SET, "export const setConfig = async (effects, cfg) => {\n"
                                     "  await effects.writeFile({ path: 'a.conf', volumeId: "
                                     "'main', toWrite: `u=http://x/${cfg.p}` });\n"
                                     "  return compat.setConfig(effects, cfg)\n}\n"))
    assert facts is not None
    assert facts.side_effects[0].content == ("u=http://x/", ("p",))


def test_keywords_before_effects_are_not_calls():
    facts = scan_set_config(one(SET, "export const setConfig = async (effects, c) => {\n"
                                     "  if (effects && c) { return compat.setConfig(effects, c) }\n"
                                     "}\n"))
    assert facts is not None and facts.side_effects == ()

"""startos/manifest/* and startos/versions/*."""

from __future__ import annotations

from migrator.emit.typescript import expr as e
from migrator.emit.typescript.header import todo_text
from migrator.emit.typescript.render import A, C, O, V, const, imports, module
from migrator.sdk.package import SdkPackage

SDK = "@start9labs/start-sdk"
TEXTS = ("title", "license", "packageRepo", "upstreamRepo", "marketingUrl", "donationUrl")


def _images(pkg: SdkPackage):
    entries = []
    for image in pkg.manifest.images:
        build = [("dockerfile", V(image.dockerfile)), ("workdir", V(image.workdir))]
        if image.build_args:
            build.append(("buildArgs", _build_args(image)))
        source = (O([("dockerBuild", O(build))])
                  if image.dockerfile else O([("dockerTag", V(image.docker_tag or ""))]))
        todo = todo_text(image.source_todo) if image.source_todo else None
        entries.append((image.id, O([e.Prop("source", source, todo),
                                     ("arch", V(list(image.arch)))], True)))
    return O(entries, True)


def _build_args(image):
    """`--build-arg`s: literals, or `{ env }` (with the TODO that says how to set it)."""
    props = []
    for arg in image.build_args:
        value = O([("env", V(arg.env))]) if arg.env is not None else V(arg.value)
        props.append(e.Prop(arg.name, value, todo_text(arg.todo) if arg.todo else None))
    return O(props, bool(props))


def _hardware(pkg: SdkPackage):
    m = pkg.manifest
    devices = [O([("class", V(d.device_class)), ("product", V(d.product)),
                  ("vendor", V(d.vendor)), ("description", V(d.description))], True)
               for d in m.devices]
    return O([("device", A(devices)), ("ram", V(m.ram_mb))], True)


def manifest_index(pkg: SdkPackage) -> str:
    m = pkg.manifest
    props = [("id", V(m.id)), *TEXTS, ("description", O(["short", "long"])),
             ("volumes", V(list(m.volumes))), ("images", _images(pkg))]
    if m.devices or m.ram_mb:
        props.append(("hardwareRequirements", _hardware(pkg)))
    if m.hardware_acceleration:
        props.append(("hardwareAcceleration", V(True)))
    props.append("dependencies")
    return module([
        *imports((("setupManifest",), SDK), (("dependencies",), "./dependencies"),
                 ((*TEXTS, "short", "long"), "./i18n")),
        e.BLANK,
        e.comment("s9pk.mk reads the package id from the next line; keep it the only one"),
        e.comment("that names the id (every text lives in ./i18n for that reason)."),
        const("manifest", C("setupManifest", O(props, True))),
    ])


def manifest_texts(pkg: SdkPackage) -> str:
    m = pkg.manifest
    values = (m.title, m.license, m.package_repo, m.upstream_repo, m.marketing_url,
              m.donation_url)
    stmts = [const(name, V(value)) for name, value in zip(TEXTS, values)]
    stmts += [const("short", O([("en_US", V(m.description_short))], True)),
              const("long", O([("en_US", V(m.description_long))], True))]
    return module(stmts)


def manifest_dependencies(pkg: SdkPackage) -> str:
    deps = []
    for dep in pkg.manifest.dependencies:
        fields = [("description", O([("en_US", V(dep.description))]) if dep.description
                   else V(None)), ("optional", V(dep.optional))]
        if dep.title is not None:
            fields.append(("metadata", O([("title", V(dep.title)), ("icon", V(dep.icon))], True)))
        else:
            fields.append(("s9pk", V(None)))
        deps.append((dep.id, O(fields, True)))
    return module([const("dependencies", O(deps, True))])


def version_modules(pkg: SdkPackage) -> dict[str, dict]:
    """Template contexts of the version files (file name → variables)."""
    graph = pkg.versions
    return {"startos/versions/index.ts": {},
            "startos/versions/current.ts": {
                "version_stmt": module([const("version", V(graph.current.version), False)]),
                "notes_stmt": module([const("releaseNotes", V(graph.current.release_notes),
                                            False)]),
                "last_legacy": graph.legacy}}

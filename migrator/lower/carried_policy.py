"""Which wrapper files a generated project may carry: an allowlist for tool configuration.

A carried file lands in a project that people open in an editor, install with npm and
build; a file there that a tool executes or obeys on its own (an `.npmrc` pointing npm at
another registry, an `.envrc` direnv runs, `.vscode/tasks.json`, git hooks, a lock file
that resolves the SDK to another tarball) would act on the porter's machine without anyone
having read it. So every dot-path is left out unless it is on the allowlist below, and so
are the few plain file names that JavaScript package managers or prettier obey (prettier
runs `prettier.config.js` when it formats the project). Each file left out gets a
MIGRATION.md row with its reason; nothing here is needed to build or run the service.
"""

from __future__ import annotations

# Dotfiles that only describe content and that the build needs: the Docker build context
# filter (the legacy Dockerfile was written against it) and empty-directory placeholders.
ALLOWED_DOTFILES = frozenset({".dockerignore", ".gitkeep", ".keep"})

# Why a tool would act on a dot-path, by its first dot-segment (file or directory name).
_DOT_REASONS = {
    ".npmrc": "npm obeys it on install (registry, scripts, auth)",
    ".yarnrc": "yarn obeys it on install (registry, scripts)",
    ".yarnrc.yml": "yarn obeys it on install (registry, plugins it runs)",
    ".yarn": "yarn runs the plugins and releases kept there",
    ".pnpmfile.cjs": "pnpm runs it on install",
    ".envrc": "direnv runs it when a shell enters the directory",
    ".env": "tools load it into their environment",
    ".vscode": "VS Code runs its tasks and obeys its settings when the project is opened",
    ".idea": "JetBrains IDEs run its run configurations",
    ".devcontainer": "editors build and run the container it describes",
    ".github": "GitHub runs its workflows",
    ".gitlab-ci.yml": "GitLab runs its pipeline",
    ".husky": "its git hooks run on commit",
    ".githooks": "its git hooks run on commit",
    ".gitattributes": "git applies its filters and diff drivers",
    ".gitmodules": "git fetches the submodules it names",
    ".gitignore": "git would hide files of the project from review",
    ".editorconfig": "editors apply it to the generated files",
    ".prettierrc": "prettier obeys it when formatting the generated code",
    ".prettierrc.js": "prettier runs it when formatting the generated code",
    ".prettierrc.cjs": "prettier runs it when formatting the generated code",
    ".prettierrc.mjs": "prettier runs it when formatting the generated code",
    ".nvmrc": "nvm switches Node versions by it",
    ".node-version": "version managers switch Node versions by it",
    ".tool-versions": "asdf switches tool versions by it",
    ".pre-commit-config.yaml": "pre-commit runs the hooks it names",
}
_DOT_DEFAULT = "a dotfile configures a tool that would obey it in the generated project"

# Plain names package managers and prettier obey wherever they find them.
_NAME_REASONS = {
    "npm-shrinkwrap.json": "npm installs exactly what it resolves (another SDK tarball too)",
    "yarn.lock": "yarn installs what it resolves (another SDK tarball too)",
    "pnpm-lock.yaml": "pnpm installs what it resolves (another SDK tarball too)",
    "pnpm-workspace.yaml": "pnpm obeys it on install",
    "bun.lock": "bun installs what it resolves", "bun.lockb": "bun installs what it resolves",
    "bunfig.toml": "bun obeys it on install",
}
_PRETTIER_CONFIG = tuple(f"prettier.config.{ext}" for ext in ("js", "cjs", "mjs", "ts", "cts",
                                                               "mts"))


def left_out_reason(relpath: str) -> str | None:
    """Why the wrapper file at `relpath` is not carried, or None when it may be."""
    parts = relpath.split("/")
    for i, part in enumerate(parts):
        if part.startswith(".") and not (i == len(parts) - 1 and part in ALLOWED_DOTFILES):
            return _DOT_REASONS.get(part, _DOT_DEFAULT)
    name = parts[-1]
    if name in _NAME_REASONS:
        return _NAME_REASONS[name]
    if name in _PRETTIER_CONFIG:
        return "prettier runs it when formatting the generated code"
    return None

"""`diff`: what a change to a legacy wrapper does to the generated project (issue 7).

The entry is `diff_trees(base_dir, head_dir, options) -> DiffResult`. Everything is loaded on
first use: the CLI builds its parser (migrator.diff.command) for every command, and
`--version` or `check` must not pay for importing the diff model or the pipeline.
"""

__all__ = ["DiffOptions", "DiffResult", "FileChange", "RowChange", "SideUnreadable",
           "diff_trees"]


def __getattr__(name: str):
    if name == "diff_trees":
        from migrator.diff.compare import diff_trees

        return diff_trees
    if name in __all__:
        from migrator.diff import model

        return getattr(model, name)
    raise AttributeError(name)

"""startos-migrate: legacy StartOS wrappers to StartOS 0.4 SDK projects."""

__version__ = "0.1.0"

# The output languages (`--target`): here, not in migrator.convert, so the command line can
# name them without importing the whole pipeline (a batch's parent process never converts).
TARGETS = ("ts", "py")

# Before any model class exists: their generated methods come from the compiled-code cache
# (migrator/dataclass_code.py says why).
from migrator import dataclass_code as _dataclass_code  # noqa: E402

_dataclass_code.install()

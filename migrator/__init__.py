"""startos-migrate: legacy StartOS wrappers to StartOS 0.4 SDK projects."""

__version__ = "0.1.0"

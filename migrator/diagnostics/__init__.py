"""Diagnostics: one record type, a registry of stable codes, text and JSON renderers."""

from migrator.diagnostics.record import (
    ROOT,
    Diagnostic,
    Diagnostics,
    KeyPath,
    Location,
    Severity,
)

__all__ = ["ROOT", "Diagnostic", "Diagnostics", "KeyPath", "Location", "Severity"]

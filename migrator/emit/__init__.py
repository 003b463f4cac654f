"""Emitting: turn the lowered model into files and write them to disk safely."""

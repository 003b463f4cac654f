"""Lowering: the legacy IR (migrator.ir) onto the target-independent SDK model (migrator.sdk),
following the contract of shared/spec/mapping.md. Every construct that cannot be carried over
becomes a located note, so nothing is dropped silently."""

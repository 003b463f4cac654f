"""Python emitter: the SDK model → a black-formatted Python project (`--target py`)."""

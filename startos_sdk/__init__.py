"""The typed Python rendition of the start-sdk 2.0.9 builder surface (startos-migrate)."""

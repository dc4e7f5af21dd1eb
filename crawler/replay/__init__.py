"""Replay of the bundled archive of source pages through a real local HTTP server."""

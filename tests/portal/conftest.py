"""Fixtures of the portal tests (ajv, the reference page in Chromium)."""

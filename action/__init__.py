"""minutes-ci: lint, link-check and publish meeting minutes."""

__version__ = "0.1.0"

"""JSON Schemas shipped with minutes-ci (loaded with importlib.resources)."""

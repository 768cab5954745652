"""The Python side of the composite GitHub Action (``action.yml``).

``python -m minutes_ci.gha`` reads the action's inputs from ``INPUT_*`` environment variables (the
composite passes them through ``env:``, never through shell text), runs the CLI in the requested
mode and turns the result into what a workflow shows: annotations spent where they help, the job
summary, step outputs, one pull request comment and one rolling link-rot issue.
"""

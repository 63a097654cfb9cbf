"""The review page: a local Starlette app over one workspace, behind a launch token (see flows/web/security.py)."""

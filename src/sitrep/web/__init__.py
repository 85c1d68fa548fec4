"""``sitrep serve``: the HTTP API and the dashboard over a store (FastAPI, run by uvicorn)."""

from sitrep.web.app import create_app
from sitrep.web.server import running

__all__ = ["create_app", "running"]

"""Shared fixtures: the report schema check every test applies, and paths to the shared data."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from sitrep.report import Report, report_schema

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"

_VALIDATOR = jsonschema.Draft202012Validator(report_schema())


def assert_valid_report(report: Report | dict) -> dict:
    """Validate against the shipped schema, and check every span's text against its offsets."""
    data = report.to_dict(include_text=True) if isinstance(report, Report) else report
    _VALIDATOR.validate(data)
    text = data.get("text")
    if text is not None:
        spans = [e for e in data["entities"]]
        spans += [m for p in data["places"] for m in p["mentions"]]
        spans += [m for a in data["actors"] for m in a["mentions"]]
        spans += [e["trigger"] for e in data["events"]] + [e["sentence"] for e in data["events"]]
        for span in spans:
            assert text[span["start"]:span["end"]] == span["text"], span
    return data


def shared_file(relative: str) -> Path:
    """A file under ../shared; the test skips (with the reason) where the shared data is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/{relative} (the project's shared data), not present here")
    return path

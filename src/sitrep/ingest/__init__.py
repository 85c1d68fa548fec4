"""Reading documents: plain text, HTML, JSON Lines, folders and standard input."""

from sitrep.ingest.documents import Document, InputProblem
from sitrep.ingest.readers import read_inputs

__all__ = ["Document", "InputProblem", "read_inputs"]

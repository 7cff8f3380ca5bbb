"""allegation-letter: UN Special Procedures letters and their annex from version-controlled YAML."""

from allegation_letter.errors import ExitCode, LetterError

__version__ = "0.1.0"
__all__ = ["ExitCode", "LetterError", "__version__"]

"""peel-qa: extractive question answering over police inspection reports."""

__version__ = "0.5.0"

"""Reviewing drafts: text for git, word-level diffs and Word redlines."""

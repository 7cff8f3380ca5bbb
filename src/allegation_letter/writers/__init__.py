"""writers package."""

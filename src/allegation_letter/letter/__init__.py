"""letter package."""

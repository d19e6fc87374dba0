"""Real pages and seed reports served by the sample portal (copied from ../shared, so it works offline)."""

"""Exploring the collection: Datasette browse, charts, cross-year comparison, the data dictionary."""

"""The REST API (django-ninja) under /api/: the same services and scoping as the pages."""

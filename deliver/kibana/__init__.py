"""Kibana saved objects (data view, saved searches, Lens, dashboard) generated from code."""

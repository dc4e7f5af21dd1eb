"""The deliver layer: alerts and digests, the web UI and HTTP API, Kibana saved objects."""

"""The store-and-search layer: the backend protocol, query planning, embedded and Elasticsearch backends."""

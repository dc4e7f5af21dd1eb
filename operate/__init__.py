"""The operate layer: the crawl runner, source health, canaries and the scheduler."""

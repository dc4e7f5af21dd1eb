"""The crawl layer: source registry, generic spider, replay archive, crawl state and Scrapy settings."""

"""Generic spiders driven by the source registry."""

"""The ground floor: what every layer needs, importing nothing else from the project.

The article record and its typed stage hand-offs (``article``), the facet vocabulary
declared once (``facets``), configuration with its one table of defaults (``config``),
the narrow record-store protocol stages write through (``store``), text utilities
(``text``: Thai segmentation, Vietnamese folding; ``analysis``: index and query tokens),
the taxonomy with its YAML data and matchers (``taxonomy``) and a small SQLite helper.
"""

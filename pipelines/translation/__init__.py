"""Translation with Argos Translate packages, batched over CTranslate2, cached, terms protected.

``models`` (installed packages, install/convert), ``segment`` (sentences, no download),
``terms`` (protected terms), ``cache`` (SQLite), ``engine`` (batching and pivot),
``articles`` (targets, title/lead, errors), ``jobs`` (stored articles), ``marian``
(Opus-MT conversion). The stage is ``pipelines.translate``.
"""

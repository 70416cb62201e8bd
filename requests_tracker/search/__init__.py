"""Full-text search of the published requests, and of a journalist's own requests.

One ``SearchDocument`` per request (``models.py``), rebuilt after every write that changes what it
says (``indexing.py``, wired in ``apps.py``), read by ``queries.py``. On PostgreSQL the documents
carry generated ``tsvector`` columns (the ``russian`` configuration and ``simple`` for whole words,
so Kazakh words match as typed) with GIN indexes, and pg_trgm GIN indexes for Kazakh inflections
that Russian stemming does not reach; elsewhere (SQLite) a whole-word match over the normalised
words stands in (``fallback.py``).
"""

"""Letters: one sandboxed Jinja2 environment, typed letter contexts, and render functions.

Imports no domain app: callers build a ``LetterContext`` from their own models.
"""

"""The request pages, one module a page or a group of actions (see each module's docstring)."""

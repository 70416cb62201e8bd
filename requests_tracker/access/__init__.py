"""Who may read, change, publish and review each kind of object: the one place pages, API and
admin ask.

One module per kind: ``requests`` (a request, and its public page), ``records`` (what hangs off
a request: timeline, deadlines, evidence, letters, emails), ``appeals`` (collective appeals),
``monitoring`` (the dataset: violations, reports, imports, the directory's review, templates,
held messages), ``feeds`` (calendar feeds), ``log`` (the superusers' access log). Every refusal
is the answer for a missing object (a 404), so nobody learns that an object exists.
"""

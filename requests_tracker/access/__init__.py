"""Who may read, change, publish and review each kind of object: the one place pages, API and
admin ask."""

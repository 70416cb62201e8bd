"""The body pages, the review of contact proposals, and the directory files for staff."""

"""The collective-appeal pages, and the staff table of registrations."""

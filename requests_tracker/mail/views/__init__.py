"""The request page's email actions, and the inbound webhook replies come in through."""

"""Editors' tools beyond the stock admin: conflict-checked forms, the matrix editor, catalog
import and export, and the review of visitors' suggestions."""

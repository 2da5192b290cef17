"""Matching glued to the database and the web: vectors in the database, a per-process index kept in step."""

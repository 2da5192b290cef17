"""Accounts: registration, login, logout and API tokens."""

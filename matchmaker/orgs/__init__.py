"""Organisations: profiles, membership and verification."""

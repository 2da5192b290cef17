"""Platform administration: verification, moderation and the audit log."""

"""The home page and site-wide odds and ends (language switch, health check)."""

"""The market: technology offers and technical needs, their moderation, browsing and search."""

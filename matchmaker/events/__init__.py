"""Events: roadshows, release meetings and matchmaking days, with registrations and 1:1 meetings."""

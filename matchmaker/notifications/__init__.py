"""In-app notifications (and, with mail, e-mail) for everything that happens to a user."""

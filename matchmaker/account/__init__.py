"""The signed-in user's own account: display name, phone and the language they read and are mailed in."""

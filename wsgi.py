"""WSGI entry point: `gunicorn wsgi:app` (and `flask run` through FLASK_APP=wsgi.py)."""
from matchmaker import create_app
from matchmaker.matching.setup import warm_up

app = create_app()
warm_up(app)

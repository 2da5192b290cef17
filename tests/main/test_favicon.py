"""The site's icon (issue 14): pages link an SVG icon, and /favicon.ico, which browsers ask for on their own,
answers with an icon instead of a 404."""
from __future__ import annotations

import re


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_every_page_links_the_svg_icon_and_the_ico_fallback(client):
    page = client.get("/").get_data(as_text=True)
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert icons == ["/static/favicon.svg", "/static/favicon.ico"]


def test_the_linked_svg_icon_is_served(client):
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data

"""Administration through the API: organisation verification."""
from __future__ import annotations

from flask import g, jsonify
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import token_required
from matchmaker.api.serializers import organisation_json
from matchmaker.errors import NotFound
from matchmaker.extensions import db
from matchmaker.orgs.services import verify_organisation
from models import Organisation


@bp.post("/admin/organisations/<int:org_id>/verification")
@token_required
def verify(org_id: int):
    """Verify an organisation, which publishes its pending postings (admins only)."""
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("没有找到该机构。"))
    published = verify_organisation(db.session, g.api_user, org)
    return jsonify(organisation=organisation_json(org), published_postings=published)

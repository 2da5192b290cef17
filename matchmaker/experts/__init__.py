"""The expert pool (专家库): experts' fields and affiliation, and the experts who fit an open call's fields."""

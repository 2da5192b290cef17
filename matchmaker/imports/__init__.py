"""Bulk import of offers and needs from Excel, and the market export in the same columns."""

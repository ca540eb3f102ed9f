"""Statistics dashboard, background exports and the import dialog (Qt only; the facts come from app/model/stats)."""

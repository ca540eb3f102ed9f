"""The case workspace: list filters, the incident view, evidence, parties, care."""

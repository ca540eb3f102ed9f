"""Documents (PDF via reportlab), 和暦, document numbers and fonts. No Qt imports in this package."""
from __future__ import annotations

from . import ban_notice, eviction_order, legal_report, legal_request, record_sheet

#: doc_kind (as in the ``document_issued`` entry) → module with TITLE, TEMPLATE_VERSION,
#: build_*_fields(entries, settings, **extra) and render(fields, draft) -> bytes
DOCUMENT_KINDS = {
    "legal-request": legal_request,
    "legal-report": legal_report,
    "eviction-order": eviction_order,
    "record": record_sheet,
    "ban-notice": ban_notice,
}

TEMPLATE_VERSIONS = {kind: mod.TEMPLATE_VERSION for kind, mod in DOCUMENT_KINDS.items()}


def build_fields(kind: str, entries, settings: dict, **extra):
    builder = {
        "legal-request": legal_request.build_legal_request_fields,
        "legal-report": legal_report.build_legal_report_fields,
        "eviction-order": eviction_order.build_eviction_order_fields,
        "record": record_sheet.build_record_sheet_fields,
        "ban-notice": ban_notice.build_ban_notice_fields,
    }[kind]
    return builder(entries, settings, **extra)


def render(kind: str, fields, draft: bool, created=None) -> bytes:
    return DOCUMENT_KINDS[kind].render(fields, draft, created)

"""Issuing documents: numbering, the ``document_issued`` entry and the kept PDF, in one transaction.

No Qt. A draft is rendered from the entries and is neither numbered nor recorded. Issuing:

1. checks who may issue (法律相談依頼書: the 課長; 退去命令書: the 庁舎管理者) and what must be set
   (退去命令書: 根拠規定), before anything is counted;
2. in one store transaction: takes the next number of the 年度 for the prefix
   (``{年度}{prefix}第{n}号``; a document dated 令和8年3月 belongs to 令和7年度 and carries 7), renders
   the PDF with that number, keeps the bytes in ``issued_documents`` and appends a ``document_issued``
   entry (who = the entry's author, when, number, template version, SHA-256).

A reprint returns the kept bytes, so a later change of a template never rewrites what was issued.
Numbers are unique per store: two PCs issuing offline with the same prefix can collide (README).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import json
import types
from dataclasses import dataclass
from typing import Any, Mapping

from app.model import audit, permissions, roles
from app.model import kept_documents
from app.model import payload as payloads
from app.model.errors import InputError, NotFoundError, PermissionDenied

from . import DOCUMENT_KINDS, TEMPLATE_VERSIONS, build_fields, fonts, legal_request, required
from .docnumber import document_number
from .eviction_order import MissingArticlesError, NotInPersonError
from .legal_report import ConsultationItem
from .legal_request import ConsultationTimeError, RequesterError
from .wareki import as_datetime, fiscal_year

KIND_LABELS = {kind: mod.TITLE for kind, mod in DOCUMENT_KINDS.items()}

#: who alone may issue (drafts are open to everyone)
def _one_role(kind: str) -> str | None:
    """The role a document's issuing operation names, where it names exactly one (permissions.py)."""
    allowed = permissions.roles_for(f"document.{kind}")
    return next(iter(allowed)) if len(allowed) == 1 else None


REQUIRED_ROLE = {k: _one_role(k) for k in ("legal-request", "eviction-order") if _one_role(k)}

#: the field holding each document's date (the 年度 of the number follows it)
DATE_FIELD = {"legal-request": "request_date", "legal-report": "report_date", "eviction-order": "issued_date",
              "ban-notice": "issued_date"}

#: the field naming who applies / reports: the signed-in person unless given
ISSUER_NAME_FIELD = {"legal-request": "requester_name", "legal-report": "reporter_name"}

_DATE_FIELDS = {"request_date", "report_date", "issued_date", "created_on"}
_DATETIME_LISTS = {"preferred_dates"}


@dataclass(frozen=True)
class Issued:
    doc_kind: str
    number: str
    sha256: str
    template_version: str
    issued_at: str
    issued_by: str
    entry_id: str
    pdf: bytes = dataclasses.field(repr=False)
    warnings: tuple[str, ...] = ()  # e.g. a variant form printed as its base glyph


# ---- fields ------------------------------------------------------------------------------------
def export_settings(settings: Mapping[str, Any] | None) -> dict:
    """The app's settings as the renderers read them (``document_number_prefix`` → ``document_prefix``)."""
    s = dict(settings or {})
    if not s.get("document_prefix") and s.get("document_number_prefix"):
        s["document_prefix"] = s["document_number_prefix"]
    return s


def field_names(kind: str) -> list[str]:
    _require_kind(kind)
    cls = _fields_class(kind)
    return [f.name for f in dataclasses.fields(cls) if f.name != "number"]


def coerce_extra(kind: str, extra: Mapping[str, Any] | None) -> dict:
    """JSON-shaped extra fields (``--fields FILE.json``, the dialog) → renderer values; unknown keys refused."""
    _require_kind(kind)
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        raise InputError("追加項目は JSON オブジェクトで指定してください。", "Extra fields must be a JSON object.",
                         field="fields")
    names = set(field_names(kind))
    out: dict[str, Any] = {}
    for key, value in extra.items():
        if key not in names:
            raise InputError(f"「{KIND_LABELS[kind]}」に項目「{key}」はありません（使える項目：{'、'.join(sorted(names))}）。",
                             f"'{key}' is not a field of {kind}.", field=key)
        try:
            if key in _DATE_FIELDS and isinstance(value, str):
                value = as_datetime(value).date()
            elif key in _DATETIME_LISTS:
                value = [as_datetime(v) for v in value]
            elif key in ("consulted_at", "consulted_until") and isinstance(value, str) and value:
                value = as_datetime(value)
            elif key == "items":
                value = [ConsultationItem(**v) if isinstance(v, Mapping) else ConsultationItem(str(v)) for v in value]
            elif key == "leave_requests":
                value = [tuple(v) for v in value]
        except (TypeError, ValueError) as exc:
            raise InputError(f"項目「{key}」の値が正しくありません（日時は 2025-06-16T10:00:00+09:00 の形式）。",
                             f"Invalid value for '{key}': {exc}.", field=key) from None
        out[key] = value
    return out


def build(kind: str, entries, settings: Mapping[str, Any] | None, extra: Mapping[str, Any] | None = None,
          *, today: _dt.date | None = None, request_fields: Mapping[str, Any] | None = None):
    """The document's fields from the entries and settings; ``extra`` (JSON-shaped) overrides any field.

    ``request_fields``: the kept fields of the last issued 法律相談依頼書, for the 報告書's questions.
    """
    values = coerce_extra(kind, extra)
    s = export_settings(settings)
    if today is not None and kind in ("legal-request", "legal-report", "ban-notice"):
        values.setdefault(DATE_FIELD[kind], today)
    if kind == "legal-report" and request_fields:
        values["request"] = types.SimpleNamespace(**{k: request_fields.get(k) for k in (
            "questions", "attendees", "subject", "number", "request_date")})
    try:
        return build_fields(kind, entries, s, **values)
    except NotInPersonError as exc:
        raise InputError(str(exc), f"{kind}: not an in-person incident.", field="channel") from None


def render_draft(kind: str, entries, settings, extra=None, *, today=None, request_fields=None) -> bytes:
    """A draft PDF (「下書き」 watermark, no number). Missing 根拠規定, empty required fields or a requester
    without one of the titles are allowed."""
    fields = build(kind, entries, settings, extra, today=today, request_fields=request_fields)
    return _render(kind, fields, draft=True)


def draft_with_warnings(kind: str, entries, settings, extra=None, *, today=None,
                        request_fields=None) -> tuple[bytes, list[str]]:
    """A draft and the warnings an issuer should see (variant forms, empty required fields)."""
    fields = build(kind, entries, settings, extra, today=today, request_fields=request_fields)
    notes = variant_warnings(kind, fields)
    notes += [f"「{label}」が未入力です（発行するには入力が必要です）。" for _n, label in missing_required(kind, fields)]
    return _render(kind, fields, draft=True), notes


def _render(kind: str, fields, draft: bool, created: _dt.datetime | None = None) -> bytes:
    try:
        return DOCUMENT_KINDS[kind].render(fields, draft, created)
    except (ConsultationTimeError, RequesterError, MissingArticlesError, NotInPersonError) as exc:
        raise InputError(str(exc), f"{kind}: {type(exc).__name__}.") from None


# ---- what an issuer is told --------------------------------------------------------------------
def variant_warnings(kind: str, fields) -> list[str]:
    """One line per variant form (IVS) that no bundled font has: the base glyph is printed instead."""
    texts = getattr(DOCUMENT_KINDS[kind], "texts", None)
    found = fonts.missing_variants(texts(fields) if texts else [])
    return [f"異体字「{fonts.describe_variant(cl)}」は同梱の書体にないため、基本の字形「{cl[0]}」で印刷されます。"
            "字形が重要な場合は手書きで補ってください。" for cl in found]


def missing_required(kind: str, fields) -> list[tuple[str, str]]:
    """(field, label) of what must still be filled in before issuing (declared with the fields)."""
    out = required.missing(fields)
    extra = getattr(DOCUMENT_KINDS[kind], "extra_missing", None)
    return out + (extra(fields) if extra else [])


def check_required(kind: str, fields) -> None:
    gaps = missing_required(kind, fields)
    if gaps:
        name, label = gaps[0]
        rest = "、".join(f"「{lb}」" for _n, lb in gaps[1:])
        raise InputError(
            f"{KIND_LABELS[kind]}の「{label}」が入力されていないため発行できません。"
            + (f"ほかに{rest}も未入力です。" if rest else "")
            + "入力してから発行してください（下書きは作成できます）。",
            f"{kind}: required field {name} is empty.", field=name)


def document_date(kind: str, fields, now: _dt.datetime) -> _dt.date:
    name = DATE_FIELD.get(kind)
    value = getattr(fields, name, None) if name else None
    return as_datetime(value).date() if value else now.date()


# ---- rules -------------------------------------------------------------------------------------
def check_may_issue(kind: str, role: str | None, fields=None) -> None:
    """Raise PermissionDenied / InputError (Japanese first) when this document may not be issued."""
    _require_kind(kind)
    need = REQUIRED_ROLE.get(kind)
    have = roles.LABELS.get(role or "", role or "未指定")
    if need == roles.SECTION_CHIEF and role != roles.SECTION_CHIEF:
        raise PermissionDenied(
            f"法律相談の依頼は課長が行います（マニュアル「弁護士への法律相談」）。依頼者の役職が「{have}」のため"
            "法律相談依頼書を発行できません。下書きは作成できます。",
            "Only a section chief (課長) may apply for a legal consultation.", field="role")
    if need == roles.FACILITY_MANAGER and role != roles.FACILITY_MANAGER:
        raise PermissionDenied(
            f"退去命令は庁舎管理者が発します（マニュアル「庁舎管理」）。発行者の役職が「{have}」のため"
            "退去命令書を発行できません。下書きは作成できます。",
            "Only the facility manager (庁舎管理者) may issue an eviction order.", field="role")
    if kind == "eviction-order" and fields is not None and not getattr(fields, "articles", None):
        raise InputError(
            "退去命令書の根拠規定（港区役所庁舎管理規則の条項）が設定されていないため発行できません。"
            "設定「building_rules_articles」に条項を入力してください（下書きは作成できます）。",
            "The eviction order needs building_rules_articles in the settings.", field="building_rules_articles")


# ---- issuing -----------------------------------------------------------------------------------
def issuer_role(kind: str, held_roles) -> str | None:
    """The role the signed-in person issues in: the one the document needs if they hold it."""
    held = sorted(held_roles or ())
    need = REQUIRED_ROLE.get(kind)
    if need in held:
        return need
    return held[0] if held else None


def issue_for(svc, incident_id: str, kind: str, *, settings=None, extra=None,
              now: _dt.datetime | None = None) -> "Issued":
    """Issue as the signed-in actor of a Service: the document's own rule (課長 / 庁舎管理者) first, then the
    permission table (``entry.document_issued`` — issuing is its own right, so the 庁舎管理者 may issue a
    退去命令書 without the general export right), then the export is audited and the document issued."""
    role = issuer_role(kind, svc.roles())
    check_may_issue(kind, role)
    entries = svc.entries(incident_id)  # not found → NotFoundError
    svc.require_on(f"document.{kind}", incident_id, entries)  # the 所管課 issues its documents
    svc.require_on("entry.document_issued", incident_id, entries)
    audit.record(svc.store, svc.actor.author, "export", target=incident_id, detail=f"issue:{kind}",
                 channel=svc.channel)
    name_field = ISSUER_NAME_FIELD.get(kind)
    if name_field and not (extra or {}).get(name_field):  # the issuer is the signed-in person
        extra = {**(extra or {}), name_field: svc.actor.author}
    return issue(svc.store, incident_id, kind, actor=svc.actor.author, role=role, settings=settings, extra=extra,
                 now=now)


def issue(store, incident_id: str, kind: str, *, actor: str, role: str | None, settings=None, extra=None,
          now: _dt.datetime | None = None) -> Issued:
    """Number, render, keep and record one document, all in one transaction (all or nothing)."""
    _require_kind(kind)
    now = (now or _dt.datetime.now().astimezone()).replace(microsecond=0)
    if now.tzinfo is None:
        now = now.astimezone()
    check_may_issue(kind, role)
    s = export_settings(settings)
    prefix = s.get("document_prefix") or ""
    if not prefix:
        raise InputError("文書番号の記号（設定「document_number_prefix」）が設定されていません。",
                         "document_number_prefix is not set.", field="document_number_prefix")
    with store.transaction() as conn:
        entries = store.entries(incident_id)
        if not entries:
            raise NotFoundError(f"事案が見つかりません: {incident_id}", f"No incident {incident_id}.")
        fields = build(kind, entries, s, extra, today=now.date(),
                       request_fields=_last_fields(conn, incident_id, "legal-request") if kind == "legal-report"
                       else None)
        check_may_issue(kind, role, fields)
        if kind == "legal-request":
            try:
                legal_request.check_requester(fields.requester_title, s)
            except RequesterError as exc:
                raise InputError(str(exc), "legal-request: requester title.", field="requester_title") from None
        if kind == "record" and fields.created_on is None:
            fields = dataclasses.replace(fields, created_on=now.date())
        check_required(kind, fields)
        date = document_date(kind, fields, now)
        fy = fiscal_year(date)
        n = kept_documents.next_count(conn, prefix, fy)
        number = document_number(date, prefix, n)
        fields = dataclasses.replace(fields, number=number)
        pdf = _render(kind, fields, draft=False, created=now)
        sha = hashlib.sha256(pdf).hexdigest()
        at = now.isoformat()
        payload = {"doc_kind": kind, "number": number, "template_version": TEMPLATE_VERSIONS[kind],
                   "sha256": sha, "at": at, "title": KIND_LABELS[kind], "role": role or "", "size": len(pdf)}
        payloads.parse("document_issued", payload)  # the registry's shape, as every other door
        entry = store.append_many_in_transaction([(incident_id, "document_issued", payload, actor, None)])[0]
        kept_documents.keep(conn, sha256=sha, stream=incident_id, doc_kind=kind, number=number,
                            template_version=TEMPLATE_VERSIONS[kind], issued_at=at, issued_by=actor,
                            entry_id=entry.id, fields=fields_json(fields), pdf=pdf)
    return Issued(kind, number, sha, TEMPLATE_VERSIONS[kind], at, actor, entry.id, pdf,
                  tuple(variant_warnings(kind, fields)))


def fields_json(fields) -> str:
    return json.dumps(dataclasses.asdict(fields), ensure_ascii=False, sort_keys=True, default=str)


def _titled(documents: list[dict]) -> list[dict]:
    return [dict(d, title=KIND_LABELS.get(d["doc_kind"], d["doc_kind"])) for d in documents]


def listed(svc, incident_id: str) -> list[dict]:
    """What was issued for an incident, with titles, through the Service (checked)."""
    return _titled(svc.issued_documents(incident_id))


def issued_documents(store, incident_id: str) -> list[dict]:
    """What was issued for an incident, oldest first (without the bytes), with each document's title."""
    return _titled(kept_documents.issued(store, incident_id))


reprint = kept_documents.reprint
last_request_fields = kept_documents.last_request_fields
_last_fields = kept_documents.last_fields


_FIELD_CLASSES = {"legal-request": "LegalRequestFields", "legal-report": "LegalReportFields",
                  "eviction-order": "EvictionOrderFields", "record": "RecordSheetFields",
                  "ban-notice": "BanNoticeFields"}


def _fields_class(kind: str):
    return getattr(DOCUMENT_KINDS[kind], _FIELD_CLASSES[kind])


def _require_kind(kind: str) -> None:
    if kind not in DOCUMENT_KINDS:
        raise InputError(f"文書の種類「{kind}」はありません（{'、'.join(DOCUMENT_KINDS)}）。",
                         f"Unknown document kind {kind!r}.", field="kind")

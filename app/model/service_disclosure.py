"""本人開示・訂正の請求 (issue 17 §3): the Service's operations on the disclosure register.

Each goes through the register door (app/model/service_registers.py): the role first, then the kind's
payload and rules (app/model/kinds_disclosure.py). A 訂正する decision writes, in the same transaction, a
``correction`` of the incident's entry through the incident door (Service.prepare_many), its reason naming
the requester, so it needs what any correction of that entry needs.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from typing import Callable

from app.model import audit, care, disclosure, kept_documents, kinds, streams
from app.model import disclosure_requests as clock
from app.model.fiscal import fiscal_year
from app.model.entry import CORRECTION, effective_entries
from app.model.errors import InputError, NotFoundError, PermissionDenied

REGISTER = streams.DISCLOSURES
PACKAGE_DOC_KIND = "disclosure-package"
PACKAGE_KIND = "disclosure_package_issued"
#: 訂正する for a record with no text field: what to do instead (the GUI's and the CLI's words)
CORRECT_IN_THE_CASE = ("「{label}」の記録には文章の欄がないため、訂正を求める内容をそのまま書き込めません。"
                       "先に事案の画面の時系列でこの記録を右クリックし「訂正…」で訂正後の内容を記録してください"
                       "（訂正の理由には「訂正請求による訂正」と請求者の氏名・受付日を書いてください）。"
                       "そのあと、ここでもう一度「訂正する」を記録すると、その訂正を決定として残します。"
                       "訂正しないときは「訂正しない」と理由を記録してください。")


def _with(payload, **extra) -> dict:
    if not isinstance(payload, dict):
        raise InputError("入力はオブジェクト（JSON）で指定してください。", "The input must be a JSON object.",
                         field="payload")
    return {**payload, **extra}


class DisclosureRequests:
    """Mixed into Service; uses its ``store``, ``actor``, ``require``, ``may``, ``append_register``."""

    def disclosure_request(self, payload: dict):
        """Record a 開示請求 received (the requester's name exactly as written)."""
        return self.append_register(REGISTER, "disclosure_received", payload, door="service")

    def disclosure_requests(self, today: str) -> list[dict]:
        """Every 開示請求 and 訂正請求 with its 期限, state and days left on ``today``."""
        entries = self.register_entries(REGISTER)
        return [s.to_dict() for s in clock.states(entries, today)]

    def disclosure_request_detail(self, request_id: str, today: str) -> dict:
        """One request as the register tab shows it: its state on ``today``, what was asked (範囲・連絡先, or for
        a 訂正請求 the record and the change asked for), the extension, the decision, the 開示資料 issued for it
        and the 訂正請求 of the same requester (exactly as written). The record a 訂正請求 names is read as
        the actor may collect it for 本人開示 (audited as a view); another 課's is not shown."""
        entries = self.register_entries(REGISTER)
        req = clock.request_entry(entries, request_id)
        if req is None:
            raise NotFoundError("その請求は見つかりません。", f"No request {request_id}.")
        p = req.payload
        ext = clock.of_request(entries, req.id, clock.EXTENSION)
        dec = clock.of_request(entries, req.id, clock.DECIDED_BY[req.kind])
        out = {**clock.state_of(req, entries, today).to_dict(), "scope": p.get("scope", ""),
               "contact": p.get("contact", ""), "requested": p.get("requested", ""),
               "first_due": clock.base_due(p["received_on"]).isoformat(),
               "latest_due": clock.latest_extension(p["received_on"]).isoformat(),
               "extension": {**ext[-1].payload, "by": ext[-1].author} if ext else None,
               "decided": {**dec[-1].payload, "by": dec[-1].author} if dec else None,
               "packages": [{**e.payload, "issued_by": e.author} for e in entries
                            if e.kind == PACKAGE_KIND and e.payload.get("request") == req.id],
               "corrections": [clock.state_of(e, entries, today).to_dict() for e in entries
                               if e.kind == "correction_received" and e.payload.get("requester") == p["requester"]
                               and e.id != req.id],
               "record": None}
        if req.kind == "correction_received":
            out["record"] = self._correction_target(str(p.get("incident") or ""), str(p.get("entry") or ""))
        return out

    def _correction_target(self, incident_id: str, entry_id: str) -> dict:
        """The incident (発生日時・課) and the record a 訂正請求 names, as it reads now; ``shown`` is False when the
        actor may not collect that incident (another 課's)."""
        stored = self.store.entries(incident_id) if incident_id else []
        if not stored or not self.may("disclosure.collect", stored):
            return {"shown": False}
        self._audit_read("view", incident_id)
        row = self.store.conn.execute("SELECT occurred_at, department FROM incidents WHERE id = ?",
                                      (incident_id,)).fetchone()
        collected = disclosure.collect_incident(incident_id, stored)
        item = next((i for i in collected["facts"] + collected["opinions"] if i["entry_id"] == entry_id), None)
        occurred_at, department = (row[0] or "", row[1] or "") if row else ("", "")
        return {"shown": True, "occurred_at": occurred_at, "department": department,
                "label": item["label"] if item else "", "at": item["at"] if item else "",
                "text": item["text"] if item else ""}

    def disclosure_extend(self, request_id: str, payload: dict):
        """Extend the 期限 once, by up to 30 days, with the reason."""
        return self.append_register(REGISTER, "disclosure_extended", _with(payload, request=request_id),
                                    door="service")

    def disclosure_decide(self, request_id: str, payload: dict):
        """全部開示 / 部分開示 / 不開示 (what is withheld and why, unless 全部開示)."""
        return self.append_register(REGISTER, "disclosure_decided", _with(payload, request=request_id),
                                    door="service")

    def correction_request(self, payload: dict):
        """Record a 訂正請求 about one entry of an incident the actor may collect for 本人開示."""
        self.require("entry.correction_received", REGISTER)
        payload = _with(payload)
        incident_id, entry_id = str(payload.get("incident") or ""), str(payload.get("entry") or "")
        stored = self.store.entries(incident_id) if incident_id else []
        if not any(e.kind == "incident_created" for e in stored):
            raise NotFoundError("訂正請求の対象の事案が見つかりません。", f"No incident {incident_id}.")
        if not any(e.id == entry_id and e.kind != CORRECTION for e in stored):
            raise NotFoundError("訂正を求める記録がその事案にありません。", f"No entry {entry_id} in the incident.")
        if not self.may("disclosure.collect", stored):
            raise PermissionDenied("この事案は担当の課（所属）が異なるため、この操作はできません。",
                                   "Not permitted: an incident of another section.")
        return self.append_register(REGISTER, "correction_received", payload, door="service")

    def correction_decide(self, request_id: str, payload: dict):
        """訂正する (the entry corrected, the reason naming the requester) or 訂正しない, with the reason."""
        payload = self._prepare_register(REGISTER, "correction_decided", _with(payload, request=request_id), None,
                                         "service", self.store.entries(REGISTER))
        items = [(REGISTER, "correction_decided", payload, self.actor.author, None)]
        if payload["decision"] == "訂正する":
            req = clock.request_entry(self.store.entries(REGISTER), request_id).payload
            incident_id, entry_id = req["incident"], req["entry"]
            replacement = payload.get("replacement") or self._requested_replacement(incident_id, entry_id, req)
            if replacement is not None:
                reason = f"訂正請求による訂正（請求者：{req['requester']}、受付日：{req['received_on']}）：{payload['reason']}"
                items = care.seal_items(self, self.prepare_many(
                    incident_id, [(CORRECTION, {"replacement": replacement, "reason": reason}, entry_id)])) + items
        return self.store.append_many(items)[-1]

    def _requested_replacement(self, incident_id: str, entry_id: str, req: dict) -> dict | None:
        """The entry as it reads now with its text replaced by what was asked. A kind with no text field
        needs the corrected content given (``replacement``), or the entry corrected in the case (訂正…) since
        the request was received: then None, the decision records that correction and writes no other."""
        stored = self.store.entries(incident_id)
        target = next((e for e in effective_entries(stored) if e.id == entry_id), None)
        k = kinds.get(target.kind) if target is not None else None
        if target is not None and k is not None and k.field("text") is not None:
            return {**{n: v for n, v in target.payload.items() if k.field(n) is not None}, "text": req["requested"]}
        if any(e.kind == CORRECTION and e.supersedes == entry_id and e.recorded_at[:10] >= req["received_on"]
               for e in stored):
            return None
        label = k.label if k is not None else "この記録"
        raise InputError(CORRECT_IN_THE_CASE.format(label=label),
                         "This entry has no text: correct it in the case first (or give the replacement).",
                         field="replacement")

    def issue_disclosure_package(self, request_id: str, make: Callable[[dict, dict, int], tuple[str, bytes]], *,
                                 prefix: str, now: _dt.datetime, template_version: str) -> dict:
        """Issue the 開示資料 answering a 開示請求: the requester's records collected (each incident audited as an
        export), and in one transaction the next number of the 年度 taken, the PDF made by ``make(collected,
        request_state, n) -> (number, pdf)``, a ``disclosure_package_issued`` entry of the request appended and
        the bytes kept with the issued documents, keyed by that entry."""
        self.require(f"document.{PACKAGE_DOC_KIND}", REGISTER)
        if not prefix:
            raise InputError("文書番号の記号（設定「document_number_prefix」）が設定されていません。",
                             "document_number_prefix is not set.", field="document_number_prefix")
        entries = self.register_entries(REGISTER)
        req = clock.request_entry(entries, request_id)
        if req is None or req.kind != "disclosure_received":
            raise NotFoundError("その開示請求は見つかりません。", f"No disclosure request {request_id}.")
        state = clock.state_of(req, entries, now.date()).to_dict()
        collected = self.disclosure_collect(req.payload["requester"])
        for inc in collected["incidents"]:
            audit.record(self.store, self.actor.author, "export", target=inc["incident_id"],
                         detail=f"issue:{PACKAGE_DOC_KIND}", channel=self.channel)
        at = now.replace(microsecond=0).isoformat()
        with self.store.transaction() as conn:
            n = kept_documents.next_count(conn, prefix, fiscal_year(now.date()))
            number, pdf = make(collected, state, n)
            sha = hashlib.sha256(pdf).hexdigest()
            payload = {"request": request_id, "number": number, "sha256": sha, "size": len(pdf),
                       "template_version": template_version, "name": req.payload["requester"], "at": at}
            payload = self._prepare_register(REGISTER, PACKAGE_KIND, payload, None, "service",
                                             self.store.entries(REGISTER))
            entry = self.store.append_many_in_transaction([(REGISTER, PACKAGE_KIND, payload, self.actor.author,
                                                            None)])[0]
            fields = json.dumps({"request": request_id, "name": req.payload["requester"],
                                 "incidents": [i["incident_id"] for i in collected["incidents"]]},
                                ensure_ascii=False, sort_keys=True)
            kept_documents.keep(conn, sha256=sha, stream=REGISTER, doc_kind=PACKAGE_DOC_KIND, number=number,
                                template_version=template_version, issued_at=at, issued_by=self.actor.author,
                                entry_id=entry.id, fields=fields, pdf=pdf)
        return {"number": number, "sha256": sha, "size": len(pdf), "entry_id": entry.id, "issued_at": at,
                "pdf": pdf}

    def disclosure_packages(self) -> list[dict]:
        """The 開示資料 issued (number, request, SHA-256, size, when, by whom), oldest first."""
        return [{**e.payload, "issued_by": e.author, "entry_id": e.id}
                for e in self.register_entries(REGISTER) if e.kind == PACKAGE_KIND]

    def disclosure_package_bytes(self, number: str) -> bytes:
        """The kept bytes of an issued 開示資料, by its number (audited as an export)."""
        self.require(f"document.{PACKAGE_DOC_KIND}", REGISTER)
        audit.record(self.store, self.actor.author, "export", target=REGISTER, detail=f"reprint:{number}",
                     channel=self.channel)
        return kept_documents.reprint(self.store, REGISTER, number)

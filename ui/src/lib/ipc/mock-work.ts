/**
 * The mock's lead work (status, Dismiss, notes, Change customer, Call Customer): enough
 * behaviour for component tests, mirroring what the core answers, never its rules' source.
 */
import { BackendError } from "./backend";
import type { LeadDetail } from "./bindings/LeadDetail";
import type { LeadRow } from "./bindings/LeadRow";
import type { LeadSections } from "./bindings/LeadSections";
import type { LeadStatus } from "./bindings/LeadStatus";
import type { NoteTarget } from "./bindings/NoteTarget";

const CLOSING: readonly LeadStatus[] = [
  "Lead - not able to save",
  "Lead - not following up",
  "Reviewed - not a lead",
  "Job booked by SCL",
  "Job booked elsewhere",
];

export function emptySections(lead: LeadRow): LeadSections {
  return {
    dismissed: false,
    customer: {
      phone: lead.phone,
      account: lead.account,
      customer: null,
      location: null,
      zone: null,
      customer_notes: null,
      location_notes: null,
      possible_incorrect_match: false,
      candidates: [],
    },
    csr_notes: lead.notes,
    notes: [],
    history: [],
    attempts: [],
    later_calls: [],
  };
}

/** The mock's state of worked leads, and the calls it received. */
export class MockLeadWork {
  readonly sections = new Map<number, LeadSections>();
  /** Every URI Call Customer "handed to the OS". */
  readonly dialled: string[] = [];
  private nextNote = 1;

  constructor(private readonly now: string) {}

  sectionsOf(lead: LeadRow): LeadSections {
    let s = this.sections.get(lead.id);
    if (!s) {
      s = emptySections(lead);
      this.sections.set(lead.id, s);
    }
    return s;
  }

  detail(lead: LeadRow, summary: string): LeadDetail {
    const sections = structuredClone(this.sectionsOf(lead));
    const valid = /^\+[1-9]\d{7,14}$/.test(lead.phone);
    return {
      lead: { ...structuredClone(lead), summary },
      now: this.now,
      ...sections,
      dial: valid ? { kind: "ready", uri: `tel:${lead.phone}` } : { kind: "refused", reason: `cannot call ${lead.phone}` },
    };
  }

  setStatus(lead: LeadRow, status: LeadStatus): void {
    const from = lead.status;
    lead.status = status;
    lead.tab = CLOSING.includes(status) ? "done" : "open";
    this.sectionsOf(lead).history.push({ at: this.now, actor: "You", from, to: status, dismissed: false });
  }

  dismiss(lead: LeadRow): void {
    const s = this.sectionsOf(lead);
    if (s.dismissed) return;
    s.dismissed = true;
    lead.tab = "done";
    s.history.push({ at: this.now, actor: "You", from: lead.status, to: lead.status, dismissed: true });
  }

  addNote(lead: LeadRow, text: string): void {
    if (text.trim() === "") throw new BackendError("invalid_input", "a note needs some text");
    this.sectionsOf(lead).notes.push({
      id: this.nextNote++,
      author: "You",
      at: this.now,
      text: text.trim(),
      copied_to_customer_at: null,
      copied_to_location_at: null,
    });
  }

  copyNote(lead: LeadRow, note: number, target: NoteTarget): void {
    const s = this.sectionsOf(lead);
    const n = s.notes.find((x) => x.id === note);
    if (!n) throw new BackendError("invalid_input", `note ${String(note)} is not a note of this lead`);
    if (target === "customer") {
      if (!s.customer.customer) throw new BackendError("invalid_input", "this lead has no customer record to copy to");
      n.copied_to_customer_at = this.now;
    } else {
      if (!s.customer.location) throw new BackendError("invalid_input", "this lead has no location record to copy to");
      n.copied_to_location_at = this.now;
    }
  }

  changeCustomer(lead: LeadRow, customer: number): void {
    const s = this.sectionsOf(lead);
    const chosen = s.customer.candidates.find((c) => c.id === customer);
    if (!chosen) throw new BackendError("invalid_input", "not one of the suggested matches");
    s.customer.customer = chosen;
    s.customer.possible_incorrect_match = false;
    lead.customer = chosen.name;
  }

  call(lead: LeadRow): void {
    if (!/^\+[1-9]\d{7,14}$/.test(lead.phone)) {
      throw new BackendError("invalid_input", `cannot call ${lead.phone}`);
    }
    this.dialled.push(`tel:${lead.phone}`);
    const s = this.sectionsOf(lead);
    s.attempts.push({ at: this.now, agent: "You", phone: lead.phone });
    if (lead.tab !== "done" && lead.status !== "Lead - call back attempted") {
      this.setStatus(lead, "Lead - call back attempted");
    }
  }
}

/** The refusals the core gives for click-to-call settings (the core is the rule's source). */
export function dialProblem(settings: {
  scheme: string;
  sip_domain: string | null;
  callback_number: string | null;
  voicemail_script: string | null;
}): string | null {
  if (settings.scheme === "sip" && !settings.sip_domain) return "sip: needs a SIP domain in the click-to-call settings";
  if (settings.callback_number !== null && !/^\+[1-9]\d{7,14}$/.test(settings.callback_number)) {
    return `Callback number: "${settings.callback_number}" is not a phone number in E.164 form (e.g. +15125550100)`;
  }
  const length = settings.voicemail_script === null ? 0 : Array.from(settings.voicemail_script).length;
  if (length > 500) return `Voicemail script: at most 500 characters; this one has ${String(length)}`;
  return null;
}

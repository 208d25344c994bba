import { render, screen, within } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { makeLead, MockBackend } from "../../lib/ipc/mock";
import { LeadFlyout } from "./index";

function setup(overrides: Parameters<typeof makeLead>[2] = {}) {
  const lead = makeLead(5, "open", { phone: "+15125550123", status: "New", ...overrides });
  const backend = new MockBackend({ leads: [lead] });
  const onChanged = vi.fn();
  render(LeadFlyout, { props: { backend, leadId: 5, onClose: vi.fn(), onChanged } });
  return { backend, lead, onChanged, user: userEvent.setup() };
}

describe("working a lead in the flyout", () => {
  it("Call Customer hands over the tel: URI, logs the attempt and shows the new status", async () => {
    const { backend, onChanged, user } = setup();
    await user.click(await screen.findByTestId("call-customer"));
    expect(backend.work.dialled).toEqual(["tel:+15125550123"]);
    expect(await screen.findByTestId("callback-attempt")).toHaveTextContent("+15125550123");
    expect(screen.getByTestId("flyout-status")).toHaveTextContent("Lead - call back attempted");
    expect(onChanged).toHaveBeenCalled();
  });

  it("a number the core refuses disables Call Customer and says why", async () => {
    const { backend } = setup({ phone: "12" });
    expect(await screen.findByTestId("call-customer")).toBeDisabled();
    expect(screen.getByTestId("dial-refused")).toHaveTextContent("cannot call 12");
    expect(backend.work.dialled).toEqual([]);
  });

  it("Edit sets any of the seven statuses", async () => {
    const { backend, user } = setup();
    await user.click(await screen.findByTestId("status-edit"));
    const options = within(screen.getByTestId("status-select")).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toHaveLength(7);
    await user.selectOptions(screen.getByTestId("status-select"), "Reviewed - not a lead");
    await user.click(screen.getByTestId("status-save"));
    expect(await screen.findByTestId("flyout-status")).toHaveTextContent("Reviewed - not a lead");
    expect(backend.leads[0]?.tab).toBe("done");
    expect(screen.getByTestId("history-entry")).toHaveTextContent("New → Reviewed - not a lead");
  });

  it("Dismiss records a dismissal once", async () => {
    const { user } = setup();
    await user.click(await screen.findByTestId("dismiss-lead"));
    expect(await screen.findByTestId("dismissed-note")).toBeInTheDocument();
    expect(screen.getByTestId("dismiss-lead")).toBeDisabled();
    expect(screen.getByTestId("history-entry")).toHaveTextContent("Dismissed");
  });

  it("Add Notes shows hostile text as text, and an empty note shows the core's message", async () => {
    const { user } = setup();
    await user.click(await screen.findByTestId("add-notes"));
    await user.click(screen.getByTestId("note-save"));
    expect(await screen.findByTestId("action-error")).toHaveTextContent("a note needs some text");
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await user.type(screen.getByTestId("note-text"), hostile);
    await user.click(screen.getByTestId("note-save"));
    expect(await screen.findByTestId("lead-note-text")).toHaveTextContent(hostile);
    expect(document.querySelector("img[src=x]")).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("keyboard: c calls, n opens a note, d dismisses; keys typed in the note box stay there", async () => {
    const { backend, user } = setup();
    await screen.findByTestId("call-customer");
    await user.keyboard("c");
    expect(await screen.findByTestId("callback-attempt")).toBeInTheDocument();
    await user.keyboard("n");
    const box = await screen.findByTestId("note-text");
    expect(box).toHaveFocus();
    await user.keyboard("dc");
    expect(box).toHaveValue("dc");
    expect(backend.work.dialled).toHaveLength(1);
    box.blur();
    await user.keyboard("d");
    expect(await screen.findByTestId("dismissed-note")).toBeInTheDocument();
  });

  it("a possible incorrect match offers Change customer with the suggested matches", async () => {
    const lead = makeLead(9, "open", { phone: "+15125550199" });
    const backend = new MockBackend({ leads: [lead] });
    const s = backend.work.sectionsOf(lead);
    s.customer.possible_incorrect_match = true;
    s.customer.candidates = [
      { id: 1, name: "Dana Smith", address: "1 Oak St" },
      { id: 2, name: "Dana Smith Jr", address: "9 Elm St" },
    ];
    const user = userEvent.setup();
    render(LeadFlyout, { props: { backend, leadId: 9, onClose: vi.fn() } });
    await user.click(await screen.findByTestId("change-customer"));
    const radios = screen.getAllByTestId("candidate");
    expect(radios).toHaveLength(2);
    const second = radios[1];
    if (!second) throw new Error("two candidates");
    await user.click(second);
    await user.click(screen.getByTestId("candidate-save"));
    expect(await screen.findByTestId("customer-name")).toHaveTextContent("Dana Smith Jr");
    expect(screen.queryByTestId("customer-mismatch")).toBeNull();
  });
});

describe("while calling", () => {
  it("shows the callback number and voicemail script after Call Customer", async () => {
    const { backend, user } = setup();
    backend.dial = {
      scheme: "tel",
      sip_domain: null,
      callback_number: "+15125550100",
      voicemail_script: "Hi, this is <b>Blue Ridge</b>. Call us back.",
    };
    expect(screen.queryByTestId("calling-panel")).toBeNull();
    await user.click(await screen.findByTestId("call-customer"));
    expect(await screen.findByTestId("calling-callback-number")).toHaveTextContent("+15125550100");
    expect(screen.getByTestId("calling-voicemail-script").textContent).toBe("Hi, this is <b>Blue Ridge</b>. Call us back.");
  });

  it("says where to set them when there are none", async () => {
    const { user } = setup();
    await user.click(await screen.findByTestId("call-customer"));
    expect(await screen.findByTestId("calling-no-script")).toHaveTextContent("Settings");
  });
});

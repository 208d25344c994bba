import { screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { makeLead } from "./lib/ipc/mock";
import { leadRows, renderApp } from "./test/render";

const HOSTILE = `<img src=x onerror=alert(1)>`;
const SCRIPT = `<script>alert("x")</script>`;

describe("hostile text from the backend", () => {
  it("renders as literal text in the table and the flyout, never as markup", async () => {
    const lead = makeLead(1, "open", {
      customer: HOSTILE,
      notes: SCRIPT,
      reason: HOSTILE,
      agent: `<b onmouseover=alert(2)>Agent</b>`,
      account: `<svg onload=alert(3)>`,
      call_id: `CALL-<i>1</i>`,
    });
    const { user, container } = await renderApp({
      leads: [lead],
      accounts: [{ id: lead.account_id, name: `<svg onload=alert(3)>` }],
      summaries: { 1: `Summary ${HOSTILE} end` },
    });

    const row = leadRows()[0] as HTMLElement;
    expect(row).toHaveTextContent(HOSTILE);
    expect(row).toHaveTextContent(SCRIPT);
    expect(row).toHaveTextContent("<b onmouseover=alert(2)>Agent</b>");
    expect(row.dataset["callId"]).toBe("CALL-<i>1</i>");

    await user.click(screen.getByTestId("view-lead"));
    expect(await screen.findByTestId("flyout-summary")).toHaveTextContent(`Summary ${HOSTILE} end`);
    expect(screen.getByTestId("flyout-customer").textContent).toBe(HOSTILE);
    expect(screen.getByTestId("flyout-call-id").textContent).toBe("CALL-<i>1</i>");

    // None of it became elements (the recording's waveform is the app's own svg).
    for (const tag of ["img", "script", "svg:not([data-testid='waveform'])", "b", "i"]) {
      expect(document.body.querySelector(tag), tag).toBeNull();
    }
    expect(container.querySelector("[onerror],[onload],[onmouseover]")).toBeNull();
    expect(screen.getByTestId("account-filter")).toHaveTextContent("<svg onload=alert(3)>");
  });
});

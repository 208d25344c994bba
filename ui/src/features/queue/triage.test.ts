import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { callIds, leadRows, renderApp } from "../../test/render";

function selectedCallId(): string | undefined {
  return leadRows().find((row) => row.dataset["selected"] === "true")?.dataset["callId"];
}

describe("opening leads and keyboard triage", () => {
  it("View opens the Second Chance Lead Details flyout for that row", async () => {
    const { backend, user } = await renderApp();
    const row = leadRows()[2] as HTMLElement;
    await user.click(row.querySelector("[data-testid=view-lead]") as HTMLElement);

    const flyout = await screen.findByTestId("flyout");
    expect(flyout).toHaveAttribute("role", "dialog");
    expect(flyout).toHaveTextContent("Second Chance Lead Details");
    expect(await screen.findByTestId("flyout-call-id")).toHaveTextContent(
      new RegExp(`^${String(row.dataset["callId"])}$`),
    );
    expect(screen.getByRole("heading", { name: "Overview" })).toBeInTheDocument();
    expect(backend.leadRequests).toEqual([Number(row.dataset["leadId"])]);
  });

  it("Esc closes the flyout, and so does the close button", async () => {
    const { user } = await renderApp();
    await user.click(screen.getAllByTestId("view-lead")[0] as HTMLElement);
    await screen.findByTestId("flyout-call-id");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("flyout")).not.toBeInTheDocument();

    await user.click(screen.getAllByTestId("view-lead")[1] as HTMLElement);
    await user.click(await screen.findByTestId("flyout-close"));
    expect(screen.queryByTestId("flyout")).not.toBeInTheDocument();
  });

  it("j then Enter opens the second row", async () => {
    const { user } = await renderApp();
    const ids = callIds();
    expect(selectedCallId()).toBe(ids[0]);

    await user.keyboard("j");
    expect(selectedCallId()).toBe(ids[1]);
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("flyout-call-id")).toHaveTextContent(String(ids[1]));
  });

  it("k and arrow keys move the selection within the page", async () => {
    const { user } = await renderApp();
    const ids = callIds();
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(selectedCallId()).toBe(ids[2]);
    await user.keyboard("k{ArrowUp}{ArrowUp}");
    expect(selectedCallId()).toBe(ids[0]);
  });

  it("moving the selection while the flyout is open follows with the flyout", async () => {
    const { user } = await renderApp();
    const ids = callIds();
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("flyout-call-id")).toHaveTextContent(String(ids[0]));
    await user.keyboard("j");
    await waitFor(() => {
      expect(screen.getByTestId("flyout-call-id")).toHaveTextContent(String(ids[1]));
    });
  });

  it("1/2/3 switch tabs and [ ] turn pages", async () => {
    const { backend, user } = await renderApp();
    await user.keyboard("2");
    await waitFor(() => {
      expect(screen.getByTestId("tab-cold")).toHaveAttribute("aria-selected", "true");
    });
    expect(backend.queries.at(-1)).toMatchObject({ tab: "cold", page: 0 });
    await user.keyboard("3");
    await waitFor(() => {
      expect(backend.queries.at(-1)).toMatchObject({ tab: "done" });
    });
    await user.keyboard("1");
    await waitFor(() => {
      expect(screen.getByTestId("page-info")).toHaveTextContent("1–50 of 75");
    });

    await user.keyboard("]");
    await waitFor(() => {
      expect(screen.getByTestId("page-info")).toHaveTextContent("51–75 of 75");
    });
    await user.keyboard("]"); // already on the last page: no request
    await user.keyboard("[["); // "[[" is a literal "[" for user-event
    await waitFor(() => {
      expect(screen.getByTestId("page-info")).toHaveTextContent("1–50 of 75");
    });
    expect(backend.queries.map((q) => q.page)).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it("ignores shortcuts while the account filter has focus", async () => {
    const { backend, user } = await renderApp();
    const before = backend.queries.length;
    screen.getByTestId("account-filter").focus();
    await user.keyboard("2j");
    expect(screen.getByTestId("tab-open")).toHaveAttribute("aria-selected", "true");
    expect(backend.queries).toHaveLength(before);
    expect(selectedCallId()).toBe(callIds()[0]);
  });

  it("shows a keyboard hint line", async () => {
    await renderApp();
    expect(screen.getByTestId("key-hints")).toHaveTextContent("Enter");
  });
});

import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { renderApp } from "./test/render";

function visibleHeading(): string | null {
  return screen.getByRole("heading", { level: 1 }).textContent;
}

describe("app shell", () => {
  it("opens on the queue and navigates with the nav", async () => {
    const { user } = await renderApp();
    expect(screen.getByTestId("nav-queue")).toHaveTextContent("Second Chance Leads");
    expect(screen.getByTestId("nav-queue")).toHaveAttribute("aria-current", "page");
    expect(visibleHeading()).toBe("Second Chance Leads");

    await user.click(screen.getByTestId("nav-import"));
    expect(visibleHeading()).toBe("Import calls");
    expect(screen.getByTestId("nav-import")).toHaveAttribute("aria-current", "page");

    await user.click(screen.getByTestId("nav-settings"));
    expect(visibleHeading()).toBe("Settings");
    expect(await screen.findByTestId("settings-form")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-queue"));
    expect(visibleHeading()).toBe("Second Chance Leads");
  });

  it("g i, g s and g l switch screens", async () => {
    const { user } = await renderApp();
    await user.keyboard("gi");
    expect(visibleHeading()).toBe("Import calls");
    await user.keyboard("gs");
    expect(visibleHeading()).toBe("Settings");
    await user.keyboard("gl");
    expect(visibleHeading()).toBe("Second Chance Leads");
  });

  it("the queue keeps its tab and takes no keys while another screen is shown", async () => {
    const { backend, user } = await renderApp();
    await user.keyboard("2");
    await waitFor(() => {
      expect(screen.getByTestId("tab-cold")).toHaveAttribute("aria-selected", "true");
    });
    await user.click(screen.getByTestId("nav-settings"));
    await screen.findByTestId("settings-form");
    const before = backend.queries.length;
    await user.keyboard("3]");
    expect(backend.queries).toHaveLength(before);

    await user.click(screen.getByTestId("nav-queue"));
    expect(screen.getByTestId("tab-cold")).toHaveAttribute("aria-selected", "true");
    await user.keyboard("1");
    await waitFor(() => {
      expect(screen.getByTestId("tab-open")).toHaveAttribute("aria-selected", "true");
    });
  });

  it("shows the new-lead toast on any screen", async () => {
    const { backend, user } = await renderApp();
    await user.click(screen.getByTestId("nav-import"));
    backend.emitCoreEvent({ kind: "lead_flagged", lead_id: 9, account_id: 1, score: 73 });
    const toast = await screen.findByTestId("toast");
    expect(toast).toBeVisible();
    expect(toast).toHaveTextContent("New Second Chance Lead (score 73)");
    await user.click(screen.getByTestId("toast-close"));
    expect(screen.queryByTestId("toast")).not.toBeInTheDocument();
  });
});

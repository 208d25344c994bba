import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FLYOUT_SHORTCUTS } from "../features/lead-detail/index";
import { QUEUE_SHORTCUTS } from "../features/queue/index";
import { renderApp } from "../test/render";

describe("the ? overlay", () => {
  it("lists every shortcut of the tables the key handling reads, as an accessible dialog", async () => {
    const { user } = await renderApp();
    await user.keyboard("?");
    const dialog = await screen.findByRole("dialog", { name: "Keyboard shortcuts" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    const listed = within(dialog)
      .getAllByTestId("shortcut")
      .map((row) => row.textContent.replace(/\s+/g, " ").trim());
    for (const s of [...QUEUE_SHORTCUTS, ...FLYOUT_SHORTCUTS]) {
      expect(listed).toContain(`${s.label} ${s.description}`);
    }
    for (const key of ["g l", "g i", "g s", "?", "Esc", "j / ↓", "k / ↑", "Enter", "c", "e", "n", "d"]) {
      expect(listed.some((l) => l.startsWith(`${key} `)), key).toBe(true);
    }
    expect(screen.getByTestId("shortcuts-close")).toHaveFocus();
  });

  it("keeps focus inside, keeps keys from the queue, and Esc closes it giving focus back", async () => {
    const { user } = await renderApp();
    const rowsBefore = screen.getAllByTestId("lead-row").map((r) => r.dataset["selected"]);
    await user.keyboard("?");
    await screen.findByTestId("shortcuts-overlay");
    await user.tab();
    expect(screen.getByTestId("shortcuts-close")).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByTestId("shortcuts-close")).toHaveFocus();
    await user.keyboard("jj");
    expect(screen.getAllByTestId("lead-row").map((r) => r.dataset["selected"])).toEqual(rowsBefore);
    await user.keyboard("{Escape}");
    await waitFor(() => {
      expect(screen.queryByTestId("shortcuts-overlay")).toBeNull();
    });
    await user.keyboard("j");
    expect(screen.getAllByTestId("lead-row").map((r) => r.dataset["selected"])).not.toEqual(rowsBefore);
  });

  it("Esc in the overlay over an open lead closes the overlay only", async () => {
    const { user } = await renderApp();
    await user.keyboard("{Enter}");
    await screen.findByTestId("flyout");
    await user.keyboard("?");
    await screen.findByTestId("shortcuts-overlay");
    await user.keyboard("{Escape}");
    await waitFor(() => {
      expect(screen.queryByTestId("shortcuts-overlay")).toBeNull();
    });
    expect(screen.getByTestId("flyout")).toBeInTheDocument();
  });
});

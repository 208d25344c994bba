import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MockBackend } from "../../lib/ipc/mock";
import WatchFolderForm from "./WatchFolderForm.svelte";

describe("Watched folder", () => {
  it("loads, saves and shows the core's refusal of a folder that does not exist", async () => {
    const user = userEvent.setup();
    const backend = new MockBackend();
    backend.watch = { path: "/exports/in", account: null };
    render(WatchFolderForm, { backend });
    const path = screen.getByTestId("watch-path");
    await expect.poll(() => (path as HTMLInputElement).value).toBe("/exports/in");

    await user.clear(path);
    await user.type(path, "/exports/missing <b>x</b>");
    await user.click(screen.getByTestId("watch-save"));
    expect(await screen.findByTestId("watch-error")).toHaveTextContent(
      'the watched folder "/exports/missing <b>x</b>" does not exist',
    );
    expect(document.querySelector(".watch b")).toBeNull();

    await user.clear(path);
    await user.type(path, "/exports/pbx");
    await user.type(screen.getByTestId("watch-account"), "Peak Roofing Co.");
    await user.click(screen.getByTestId("watch-save"));
    expect(await screen.findByTestId("watch-saved")).toBeInTheDocument();
    expect(backend.watch).toEqual({ path: "/exports/pbx", account: "Peak Roofing Co." });
  });
});

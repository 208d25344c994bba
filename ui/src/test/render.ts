import { render, screen, waitFor } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { expect } from "vitest";
import App from "../App.svelte";
import { MockBackend, type MockOptions } from "../lib/ipc/mock";

/** Renders the whole app on a MockBackend and waits for the first page. */
export async function renderApp(options: MockOptions | MockBackend = {}) {
  const backend = options instanceof MockBackend ? options : new MockBackend(options);
  const user = userEvent.setup();
  const result = render(App, { props: { backend } });
  if (!backend.failure) {
    await waitFor(() => {
      expect(screen.getByTestId("page-info")).toBeInTheDocument();
    });
  }
  return { backend, user, ...result };
}

export function leadRows(): HTMLElement[] {
  return screen.queryAllByTestId("lead-row");
}

export function callIds(): (string | undefined)[] {
  return leadRows().map((row) => row.dataset["callId"]);
}

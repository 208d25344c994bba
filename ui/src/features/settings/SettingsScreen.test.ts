import { render, screen, waitFor, within } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../lib/ipc/backend";
import { DEFAULT_SETTINGS, MockBackend, MOCK_ACCOUNTS, MOCK_TIME_ZONES } from "../../lib/ipc/mock";
import { SettingsScreen } from "./index";

async function renderSettings(backend = new MockBackend()) {
  const user = userEvent.setup();
  render(SettingsScreen, { props: { backend } });
  await screen.findByTestId("settings-form");
  return { backend, user };
}

function field(testid: string): HTMLInputElement {
  return screen.getByTestId(testid);
}

describe("Settings", () => {
  it("lists the accounts and shows the first one's settings, in the product's words", async () => {
    const backend = new MockBackend();
    backend.settings[0] = {
      ...(backend.settings[0] as (typeof backend.settings)[number]),
      settings: { scl_enabled: false, acw_minutes: 12, cold_days: 9, answered_min_seconds: 45, phone_region: "CA", time_zone: "America/Chicago" },
    };
    await renderSettings(backend);

    const accounts = within(screen.getByTestId("settings-accounts")).getAllByTestId("settings-account");
    expect(accounts.map((a) => a.textContent.replace(/\s+/g, " ").trim())).toEqual(
      MOCK_ACCOUNTS.map((a, i) => `${a.name} ${i === 0 ? "Off" : "On"}`),
    );
    expect(accounts[0]).toHaveAttribute("aria-current", "true");
    const form = screen.getByTestId("settings-form");
    for (const label of ["Enable Second Chance Leads", "After Call Work Time", "Cold Leads", "Answered call threshold", "Phone region", "Time zone"]) {
      expect(within(form).getByLabelText(label)).toBeInTheDocument();
    }
    expect(field("setting-enabled").checked).toBe(false);
    expect(field("setting-acw").value).toBe("12");
    expect(field("setting-cold").value).toBe("9");
    expect(field("setting-answered").value).toBe("45");
    expect(field("setting-region").value).toBe("CA");
    expect(field("setting-time-zone").value).toBe("America/Chicago");
    expect(screen.getByTestId("settings-save")).toHaveTextContent("Save");
    expect(screen.getByTestId("settings-save")).toBeDisabled();
  });

  it("saves the edited settings for the selected account and confirms", async () => {
    const { backend, user } = await renderSettings();
    await user.click(screen.getAllByTestId("settings-account")[1] as HTMLElement);
    expect(screen.getByTestId("settings-account-name")).toHaveTextContent(MOCK_ACCOUNTS[1]?.name ?? "");

    await user.click(field("setting-enabled"));
    await user.clear(field("setting-acw"));
    await user.type(field("setting-acw"), "15");
    await user.clear(field("setting-cold"));
    await user.type(field("setting-cold"), "7");
    await user.clear(field("setting-region"));
    await user.type(field("setting-region"), "GB");
    expect(screen.getByTestId("settings-save")).toBeEnabled();
    await user.click(screen.getByTestId("settings-save"));

    expect(await screen.findByTestId("settings-saved")).toHaveTextContent("Saved");
    expect(backend.saves).toEqual([
      {
        accountId: MOCK_ACCOUNTS[1]?.id,
        settings: { scl_enabled: false, acw_minutes: 15, cold_days: 7, answered_min_seconds: 60, phone_region: "GB", time_zone: null },
      },
    ]);
    expect(screen.getByTestId("settings-save")).toBeDisabled();
    expect(within(screen.getAllByTestId("settings-account")[1] as HTMLElement).getByText("Off")).toBeInTheDocument();

    // Editing again hides the confirmation until the next save.
    await user.type(field("setting-acw"), "0");
    expect(screen.queryByTestId("settings-saved")).not.toBeInTheDocument();
  });

  it("offers the IANA zones with the computer's own as the hint, and saves the one chosen", async () => {
    const { backend, user } = await renderSettings();
    const zone = field("setting-time-zone");
    expect(zone.value).toBe("");
    await waitFor(() => {
      expect(screen.getByTestId("setting-time-zone-computer")).toHaveTextContent("(America/Denver)");
    });
    expect(zone).toHaveAttribute("placeholder", "America/Denver");
    const offered = within(screen.getByTestId("setting-time-zones"))
      .getAllByRole("option", { hidden: true })
      .map((o) => o.getAttribute("value"));
    expect(offered).toEqual(MOCK_TIME_ZONES.zones);
    expect(zone.getAttribute("list")).toBe(screen.getByTestId("setting-time-zones").id);

    await user.type(zone, "America/Chicago");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("settings-saved")).toBeInTheDocument();
    expect(backend.saves.at(-1)?.settings.time_zone).toBe("America/Chicago");

    // Blank again: not set, sent as null.
    await user.clear(zone);
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() => {
      expect(backend.saves).toHaveLength(2);
    });
    expect(backend.saves.at(-1)?.settings.time_zone).toBeNull();
  });

  it("shows the core's refusal of a name that is not an IANA zone", async () => {
    const { backend, user } = await renderSettings();
    await user.type(field("setting-time-zone"), "Central Time");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("settings-error")).toHaveTextContent(
      'Time zone must be an IANA time zone name such as America/Chicago (got "Central Time")',
    );
    expect(backend.settings[0]?.settings.time_zone).toBeNull();
  });

  it("Save stays disabled until something changes, and again when it is changed back", async () => {
    const { user } = await renderSettings();
    const save = screen.getByTestId("settings-save");
    expect(save).toBeDisabled();
    await user.clear(field("setting-acw"));
    await user.type(field("setting-acw"), "6");
    expect(save).toBeEnabled();
    await user.clear(field("setting-acw"));
    await user.type(field("setting-acw"), String(DEFAULT_SETTINGS.acw_minutes));
    expect(save).toBeDisabled();
  });

  it("shows the core's message when it refuses a value, and keeps the edit", async () => {
    const { backend, user } = await renderSettings();
    await user.clear(field("setting-acw"));
    await user.type(field("setting-acw"), "90");
    await user.click(screen.getByTestId("settings-save"));

    expect(await screen.findByTestId("settings-error")).toHaveTextContent(
      "After Call Work Time must be between 0 and 60 minutes (got 90)",
    );
    expect(backend.saves.at(-1)?.settings.acw_minutes).toBe(90);
    expect(field("setting-acw").value).toBe("90");
    expect(screen.queryByTestId("settings-saved")).not.toBeInTheDocument();
    expect(backend.settings[0]?.settings.acw_minutes).toBe(DEFAULT_SETTINGS.acw_minutes);
  });

  it("does not send a number field that is not a whole number", async () => {
    const { backend, user } = await renderSettings();
    await user.clear(field("setting-cold"));
    expect(screen.getByTestId("settings-invalid")).toHaveTextContent("Cold Leads");
    expect(screen.getByTestId("settings-save")).toBeDisabled();
    await user.type(field("setting-cold"), "{Enter}");
    expect(backend.saves).toHaveLength(0);
  });

  it("switching account discards unsaved changes with a notice", async () => {
    const { user } = await renderSettings();
    await user.clear(field("setting-acw"));
    await user.type(field("setting-acw"), "30");
    await user.click(screen.getAllByTestId("settings-account")[2] as HTMLElement);

    expect(screen.getByTestId("settings-discarded")).toHaveTextContent(
      `Unsaved changes to ${MOCK_ACCOUNTS[0]?.name ?? ""} were discarded.`,
    );
    await user.click(screen.getAllByTestId("settings-account")[0] as HTMLElement);
    expect(field("setting-acw").value).toBe(String(DEFAULT_SETTINGS.acw_minutes));
    expect(screen.queryByTestId("settings-discarded")).not.toBeInTheDocument();
  });

  it("shows why settings could not be loaded, and retries", async () => {
    const backend = new MockBackend();
    backend.failure = new BackendError("internal", "The settings store is unavailable.");
    const user = userEvent.setup();
    render(SettingsScreen, { props: { backend } });
    const banner = await screen.findByTestId("settings-load-error");
    expect(banner).toHaveTextContent("The settings store is unavailable.");
    backend.failure = null;
    await user.click(within(banner).getByRole("button", { name: "Retry" }));
    await waitFor(() => {
      expect(screen.getByTestId("settings-form")).toBeInTheDocument();
    });
  });
});

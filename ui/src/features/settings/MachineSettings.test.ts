import { render, screen } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MockBackend } from "../../lib/ipc/mock";
import { SettingsScreen } from "./index";

async function renderSettings(backend = new MockBackend()) {
  const user = userEvent.setup();
  render(SettingsScreen, { props: { backend } });
  await screen.findByTestId("dial-callback-number");
  return { backend, user };
}

describe("this computer's settings", () => {
  it("the OS notification switch is off by default and saved when switched", async () => {
    const { backend, user } = await renderSettings();
    const toggle = await screen.findByTestId("setting-os-notify");
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(await screen.findByTestId("notify-saved")).toBeInTheDocument();
    expect(backend.notifications).toEqual({ os_when_unfocused: true });
    expect(toggle).toBeChecked();
  });

  it("saves the callback number and voicemail script; blank fields are sent as none", async () => {
    const { backend, user } = await renderSettings();
    await user.type(screen.getByTestId("dial-callback-number"), "+15125550100");
    await user.type(screen.getByTestId("dial-voicemail-script"), "Hi, it's Blue Ridge Plumbing.");
    await user.click(screen.getByTestId("dial-save"));
    expect(await screen.findByTestId("dial-saved")).toBeInTheDocument();
    expect(backend.dial).toEqual({
      scheme: "tel",
      sip_domain: null,
      callback_number: "+15125550100",
      voicemail_script: "Hi, it's Blue Ridge Plumbing.",
    });
  });

  it("shows the core's refusal naming the field", async () => {
    const { backend, user } = await renderSettings();
    await user.type(screen.getByTestId("dial-callback-number"), "512-555-0100");
    await user.click(screen.getByTestId("dial-save"));
    expect(await screen.findByTestId("dial-error")).toHaveTextContent(/^Callback number:/);
    expect(backend.dial.callback_number).toBeNull();
  });
});

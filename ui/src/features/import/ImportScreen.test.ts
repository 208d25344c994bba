import { render, screen, waitFor, within } from "@testing-library/svelte";
import { userEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../lib/ipc/backend";
import type { ImportProblem } from "../../lib/ipc/bindings/ImportProblem";
import { makeFileReport, MockBackend } from "../../lib/ipc/mock";
import { ImportScreen } from "./index";

const HOSTILE_PATH = `/tmp/<img src=x onerror=alert(1)>.jsonl`;
const HOSTILE_MESSAGE = `<script>alert("x")</script> is not a phone number`;

function renderImport(picked: string[] | null = ["/exports/jan.jsonl", "/exports/feb.csv"]) {
  const backend = new MockBackend({ picked });
  const user = userEvent.setup();
  const result = render(ImportScreen, { props: { backend } });
  return { backend, user, ...result };
}

function problem(i: number, overrides: Partial<ImportProblem> = {}): ImportProblem {
  return { file: "/exports/feb.csv", line: i + 2, field: "phone", skipped: i % 2 === 0, message: `bad ${String(i)}`, ...overrides };
}

describe("Import calls", () => {
  it("chooses files, imports them with the account, follows progress and shows the report", async () => {
    const { backend, user } = renderImport();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Import calls");
    expect(screen.getByTestId("import-start")).toBeDisabled();

    await user.click(screen.getByTestId("import-choose"));
    const files = await screen.findAllByTestId("import-file");
    expect(files.map((f) => f.textContent)).toEqual(["/exports/jan.jsonl", "/exports/feb.csv"]);

    await user.type(screen.getByTestId("import-account"), "  Rapid Rooter Plumbing ");
    await user.click(screen.getByTestId("import-start"));
    expect(backend.imports).toEqual([
      {
        paths: ["/exports/jan.jsonl", "/exports/feb.csv"],
        account: "Rapid Rooter Plumbing",
        choices: { dateOrder: null, timeZone: null },
      },
    ]);

    const bar = await screen.findByTestId("import-progress");
    expect(bar.tagName).toBe("PROGRESS");
    expect(bar).not.toHaveAttribute("value");
    expect(screen.getByTestId("import-start")).toBeDisabled();
    expect(screen.getByTestId("import-choose")).toBeDisabled();

    backend.emitImportProgress({ file: "/exports/jan.jsonl", file_index: 0, files: 2, calls_done: 5000, calls_total: 20000 });
    await waitFor(() => {
      expect(screen.getByTestId("import-progress")).toHaveAttribute("value", "5000");
    });
    expect(screen.getByTestId("import-progress")).toHaveAttribute("max", "20000");
    expect(screen.getByTestId("import-progress-text")).toHaveTextContent("file 1 of 2 · 5,000 / 20,000 calls");

    backend.emitImportProgress({ file: "/exports/feb.csv", file_index: 1, files: 2, calls_done: 40, calls_total: 80 });
    await waitFor(() => {
      expect(screen.getByTestId("import-progress-text")).toHaveTextContent("file 2 of 2 · 40 / 80 calls");
    });

    backend.finishImport({
      files: [
        makeFileReport("/exports/jan.jsonl", {
          format: "jsonl",
          calls_read: 20000,
          calls_inserted: 19990,
          duplicates: 10,
          customers: 812,
          jobs_inserted: 300,
          evaluated: 19990,
          leads_created: 42,
          leads_joined: 3,
          leads_closed_by_jobs: 2,
          redactions: 7,
        }),
        makeFileReport("/exports/feb.csv", {
          format: null,
          error: "Not a CDR CSV: missing column call_id",
          problems: [problem(0), problem(1, { field: null })],
        }),
      ],
    });

    const reports = await screen.findAllByTestId("import-report");
    expect(screen.queryByTestId("import-progress")).not.toBeInTheDocument();
    expect(reports).toHaveLength(2);
    const stats = (el: HTMLElement): Record<string, string> =>
      Object.fromEntries(
        within(el)
          .getAllByTestId("import-stat")
          .map((d): [string, string] => [d.dataset["stat"] ?? "", d.textContent]),
      );
    expect(stats(reports[0] as HTMLElement)).toEqual({
      format: "jsonl",
      calls_read: "20,000",
      calls_inserted: "19,990",
      duplicates: "10",
      customers: "812",
      jobs_inserted: "300",
      evaluated: "19,990",
      leads_created: "42",
      leads_joined: "3",
      leads_closed_by_jobs: "2",
      redactions: "7",
    });
    for (const label of ["Calls read", "Imported", "Already there", "Customers", "Jobs", "Evaluated", "New leads", "Joined", "Closed by jobs", "Redactions"]) {
      expect(reports[0]).toHaveTextContent(label);
    }
    expect(within(reports[0] as HTMLElement).queryByTestId("import-file-error")).toBeNull();
    expect(within(reports[1] as HTMLElement).getByTestId("import-file-error")).toHaveTextContent(
      "Not a CDR CSV: missing column call_id",
    );

    const rows = within(screen.getByTestId("import-problems")).getAllByTestId("import-problem");
    const cells = (row: HTMLElement): string[] => Array.from(row.querySelectorAll("td"), (c) => c.textContent);
    expect(rows.map(cells)).toEqual([
      ["/exports/feb.csv:2", "phone", "Skipped", "bad 0"],
      ["/exports/feb.csv:3", "—", "Warning", "bad 1"],
    ]);
    expect(screen.queryByTestId("import-problems-more")).toBeNull();
    expect(backend.listenerCount().importProgress).toBe(0);
  });

  it("sends no account, date order or time zone when they are left empty", async () => {
    const { backend, user } = renderImport(["/exports/twilio.json"]);
    await user.click(screen.getByTestId("import-choose"));
    await user.type(screen.getByTestId("import-time-zone"), "   ");
    await user.click(await screen.findByTestId("import-start"));
    expect(backend.imports).toEqual([
      { paths: ["/exports/twilio.json"], account: null, choices: { dateOrder: null, timeZone: null } },
    ]);
  });

  it("sends the chosen date order and time zone with the import", async () => {
    const { backend, user } = renderImport(["/exports/Master.csv"]);
    const order = screen.getByTestId("import-date-order");
    expect(order).toHaveValue("");
    expect(Array.from(order.querySelectorAll("option"), (o) => o.textContent)).toEqual([
      "Let the file decide",
      "Day first (24/08/2017)",
      "Month first (08/24/2017)",
      "Year first (2017/08/24)",
    ]);
    const zone = screen.getByTestId("import-time-zone");
    expect(zone).toHaveValue("");
    const offered = Array.from(document.querySelectorAll(`#${zone.getAttribute("list") ?? ""} option`), (o) =>
      o.getAttribute("value"),
    );
    expect(offered).toContain("America/Chicago");

    await user.click(screen.getByTestId("import-choose"));
    await user.selectOptions(order, "Day first (24/08/2017)");
    await user.type(zone, " Europe/London ");
    await user.click(await screen.findByTestId("import-start"));
    expect(screen.getByTestId("import-date-order")).toBeDisabled();
    expect(screen.getByTestId("import-time-zone")).toBeDisabled();
    backend.finishImport();
    await screen.findByTestId("import-report");

    await user.selectOptions(screen.getByTestId("import-date-order"), "Month first (08/24/2017)");
    await user.clear(screen.getByTestId("import-time-zone"));
    await user.click(screen.getByTestId("import-start"));
    expect(backend.imports.map((i) => i.choices)).toEqual([
      { dateOrder: "dmy", timeZone: "Europe/London" },
      { dateOrder: "mdy", timeZone: null },
    ]);
  });

  it("shows the core's refusal of a time zone", async () => {
    const { backend, user } = renderImport(["/exports/Master.csv"]);
    await user.click(screen.getByTestId("import-choose"));
    await user.type(screen.getByTestId("import-time-zone"), "Mars/Olympus");
    await user.click(await screen.findByTestId("import-start"));
    backend.finishImport(new BackendError("invalid_input", 'timeZone: unknown time zone "Mars/Olympus"'));
    expect(await screen.findByTestId("import-error")).toHaveTextContent('timeZone: unknown time zone "Mars/Olympus"');
  });

  it("keeps the chosen files when the dialog is cancelled", async () => {
    const { backend, user } = renderImport();
    await user.click(screen.getByTestId("import-choose"));
    await screen.findAllByTestId("import-file");
    backend.picked = null;
    await user.click(screen.getByTestId("import-choose"));
    expect(screen.getAllByTestId("import-file")).toHaveLength(2);
    expect(screen.getByTestId("import-start")).toBeEnabled();
  });

  it("shows at most 200 problems and counts the rest", async () => {
    const { backend, user } = renderImport(["/exports/feb.csv"]);
    await user.click(screen.getByTestId("import-choose"));
    await user.click(await screen.findByTestId("import-start"));
    const problems = Array.from({ length: 1234 }, (_, i) => problem(i));
    backend.finishImport({ files: [makeFileReport("/exports/feb.csv", { problems })] });

    expect(await screen.findByTestId("import-problems-more")).toHaveTextContent("and 1,034 more");
    expect(screen.getAllByTestId("import-problem")).toHaveLength(200);
  });

  it("shows the error when the whole import fails", async () => {
    const { backend, user } = renderImport();
    await user.click(screen.getByTestId("import-choose"));
    await user.click(await screen.findByTestId("import-start"));
    backend.finishImport(new BackendError("internal", "The lead store is unavailable."));
    expect(await screen.findByTestId("import-error")).toHaveTextContent("The lead store is unavailable.");
    expect(screen.queryByTestId("import-progress")).not.toBeInTheDocument();
    expect(screen.getByTestId("import-start")).toBeEnabled();
  });

  it("renders hostile file names and messages literally", async () => {
    const { backend, user, container } = renderImport([HOSTILE_PATH]);
    await user.click(screen.getByTestId("import-choose"));
    expect(await screen.findByTestId("import-file")).toHaveTextContent(HOSTILE_PATH);
    await user.click(screen.getByTestId("import-start"));
    backend.emitImportProgress({ file: HOSTILE_PATH, file_index: 0, files: 1, calls_done: 1, calls_total: 2 });
    await waitFor(() => {
      expect(screen.getByTestId("import-progress-text")).toHaveTextContent(HOSTILE_PATH);
    });
    backend.finishImport({
      files: [
        makeFileReport(HOSTILE_PATH, {
          format: "<b>csv</b>",
          error: HOSTILE_MESSAGE,
          problems: [problem(0, { file: HOSTILE_PATH, field: "<i>phone</i>", message: HOSTILE_MESSAGE })],
        }),
      ],
    });

    const report = await screen.findByTestId("import-report");
    expect(within(report).getByTestId("import-report-path").textContent).toBe(HOSTILE_PATH);
    expect(within(report).getByTestId("import-file-error").textContent).toBe(HOSTILE_MESSAGE);
    expect(report).toHaveTextContent("<b>csv</b>");
    const row = screen.getByTestId("import-problem");
    expect(row).toHaveTextContent(`${HOSTILE_PATH}:2`);
    expect(row).toHaveTextContent("<i>phone</i>");
    expect(row).toHaveTextContent(HOSTILE_MESSAGE);
    for (const tag of ["img", "script", "b", "i"]) {
      expect(container.querySelector(tag), tag).toBeNull();
    }
    expect(container.querySelector("[onerror]")).toBeNull();
  });

  it("stops listening to progress when it is destroyed mid-import", async () => {
    const { backend, user, unmount } = renderImport();
    await user.click(screen.getByTestId("import-choose"));
    await user.click(await screen.findByTestId("import-start"));
    await screen.findByTestId("import-progress");
    expect(backend.listenerCount().importProgress).toBe(1);
    unmount();
    expect(backend.listenerCount().importProgress).toBe(0);
  });
});

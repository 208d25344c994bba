import { render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FileReport } from "../../lib/ipc/bindings/FileReport";
import { makeFileReport } from "../../lib/ipc/mock";
import FileReportCard from "./FileReportCard.svelte";

/** A CDR file of 120 rows: 100 in calls (95 calls), 12 internal, 6 skipped, 2 other. */
function cdrReport(overrides: Partial<FileReport> = {}): FileReport {
  return makeFileReport("/exports/Master.csv", {
    format: "cdr",
    rows: 120,
    rows_in_calls: 100,
    rows_internal: 12,
    rows_skipped: 6,
    rows_other: 2,
    calls_read: 95,
    inbound: 80,
    outbound: 15,
    calls_inserted: 90,
    duplicates: 3,
    conflicts: 2,
    internal: 9,
    time_zone: "America/Chicago",
    time_zone_source: "account",
    date_order: "dmy",
    ...overrides,
  });
}

function lines(): Record<string, { total: string; splits: string }> {
  return Object.fromEntries(
    screen.getAllByTestId("import-accounting-line").map((tr) => [
      tr.dataset["line"] ?? "",
      {
        total: within(tr).getByTestId("import-accounting-total").textContent,
        splits: within(tr).getByTestId("import-accounting-splits").textContent.replace(/\s+/g, " ").trim(),
      },
    ]),
  );
}

describe("A file's accounting", () => {
  it("accounts for every row and every call read", () => {
    render(FileReportCard, { props: { file: cdrReport() } });
    expect(lines()).toEqual({
      rows: { total: "120", splits: "= 100 in calls + 12 internal + 6 skipped + 2 other records" },
      calls: { total: "95", splits: "= 80 inbound + 15 outbound = 90 imported + 3 already there + 2 conflicting" },
      internal: { total: "9", splits: "not imported" },
    });
    expect(screen.getByTestId("import-accounting")).toHaveTextContent("Rows");
    expect(screen.getByTestId("import-accounting")).toHaveTextContent("Internal calls");
    expect(screen.queryByTestId("import-accounting-unbalanced")).toBeNull();
    expect(screen.getByTestId("import-reading")).toHaveTextContent(
      "Times read in America/Chicago (the account's time zone), slashed dates day-first",
    );
  });

  it("says why the zone was used and how slashed dates were read", async () => {
    const { rerender } = render(FileReportCard, {
      props: { file: cdrReport({ time_zone: "Europe/London", time_zone_source: "flag", date_order: "mdy" }) },
    });
    expect(screen.getByTestId("import-reading").textContent).toBe(
      "Times read in Europe/London (chosen for this import), slashed dates month-first",
    );
    await rerender({ file: cdrReport({ time_zone: "UTC", time_zone_source: "computer", date_order: null }) });
    expect(screen.getByTestId("import-reading").textContent).toBe(
      "Times read in UTC (this computer's zone — set the account's time zone in Settings)",
    );
  });

  it("says nothing of times or dates for files without local times", () => {
    render(FileReportCard, { props: { file: cdrReport({ format: "jsonl", time_zone: null, time_zone_source: null, date_order: null }) } });
    expect(screen.queryByTestId("import-reading")).toBeNull();
    expect(screen.getByTestId("import-accounting")).toBeInTheDocument();
  });

  it("flags counts that do not add up instead of hiding them", () => {
    render(FileReportCard, { props: { file: cdrReport({ rows: 121, outbound: 14 }) } });
    const unbalanced = screen.getAllByTestId("import-accounting-unbalanced");
    expect(unbalanced.map((el) => el.closest("tr")?.dataset["line"])).toEqual(["rows", "calls"]);
  });

  it("shows no accounting for a file that could not be read", () => {
    render(FileReportCard, { props: { file: cdrReport({ error: "Not a CDR CSV: missing column dstchannel" }) } });
    expect(screen.getByTestId("import-file-error")).toBeInTheDocument();
    expect(screen.queryByTestId("import-accounting")).toBeNull();
  });

  it("renders a hostile zone name literally", () => {
    const hostile = `<img src=x onerror=alert(1)>`;
    const { container } = render(FileReportCard, { props: { file: cdrReport({ time_zone: hostile }) } });
    expect(screen.getByTestId("import-reading")).toHaveTextContent(`Times read in ${hostile}`);
    expect(container.querySelector("img")).toBeNull();
  });
});

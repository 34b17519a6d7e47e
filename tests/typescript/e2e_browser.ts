/**
 * The browser test's page script (bundled by esbuild with @segment/analytics-next and
 * every vector's browser-flavour client; nothing is loaded from a CDN: the Segment
 * settings are given inline with `cdnSettings`). It sends every valid call of every
 * shared vector to the collector named in the page URL, then sets `window.trackgenResult`.
 */
import { AnalyticsBrowser } from "@segment/analytics-next";
import { modules } from "../browser/entry";
import { invoke, type Job } from "./vectors";

interface GeneratedModule {
  configure(
    client: AnalyticsBrowser,
    options: { onViolation: "throw" },
  ): Record<string, unknown>;
}

declare global {
  interface Window {
    trackgenResult?: { sent?: number; error?: string };
  }
}

async function main(): Promise<void> {
  const collector = new URLSearchParams(location.search).get("collector");
  const jobs = (await (await fetch("browser_jobs.json")).json()) as Job[];
  const analytics = AnalyticsBrowser.load(
    {
      writeKey: "WRITE_KEY",
      cdnSettings: {
        integrations: {
          "Segment.io": {
            apiKey: "WRITE_KEY",
            apiHost: `${collector}/v1`,
            protocol: "http",
          },
        },
      },
    },
    { disableClientPersistence: true },
  );
  const pending: Promise<unknown>[] = [];
  for (const job of jobs) {
    const generated = modules[job.module] as GeneratedModule;
    const tracker = generated.configure(analytics, { onViolation: "throw" });
    for (const call of job.calls) {
      if (call.valid) {
        const messageId = call.options["messageId"] ?? `e2e-${call.id}`;
        const options = { ...call.options, messageId };
        pending.push(invoke(tracker, { ...call, options }, "Date") as Promise<unknown>);
      }
    }
  }
  await Promise.all(pending);
  window.trackgenResult = { sent: pending.length };
}

main().catch((err: unknown) => {
  window.trackgenResult = { error: String(err instanceof Error ? err.stack : err) };
});

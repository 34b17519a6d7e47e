/**
 * The browser test's page script (bundled by esbuild with @segment/analytics-next and
 * every vector's browser-flavour client; nothing is loaded from a CDN: the Segment
 * settings are given inline with `cdnSettings`). For each shared vector it loads one
 * `AnalyticsBrowser` pointed at the vector's own `trackgen serve` (`host` in the jobs
 * file; some through the batching dispatcher, `/v1/b`), sends the vector's valid calls,
 * waits until each collector's `/health` counts them, then sets `window.trackgenResult`.
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

function load(job: Job): AnalyticsBrowser {
  const batching = { strategy: "batching", config: { size: 4, timeout: 50 } };
  return AnalyticsBrowser.load(
    {
      writeKey: "WRITE_KEY",
      cdnSettings: {
        integrations: {
          "Segment.io": {
            apiKey: "WRITE_KEY",
            apiHost: `${job.host}/v1`,
            protocol: "http",
            ...(job.batching ? { deliveryStrategy: batching } : {}),
          },
        },
      },
    },
    { disableClientPersistence: true },
  );
}

/** Until the collector has received `count` messages (the batching dispatcher sends later). */
async function received(host: string, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const health = (await (await fetch(`http://${host}/health`)).json()) as {
      received: number;
    };
    if (health.received >= count) {
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`${host} did not receive ${count} messages`);
}

async function main(): Promise<void> {
  const jobs = (await (await fetch("browser_jobs.json")).json()) as Job[];
  const pending: Promise<unknown>[] = [];
  const expected: [string, number][] = [];
  for (const job of jobs) {
    const generated = modules[job.module] as GeneratedModule;
    const tracker = generated.configure(load(job), { onViolation: "throw" });
    let count = 0;
    for (const call of job.calls) {
      if (call.valid) {
        const messageId = call.options["messageId"] ?? `e2e-${call.id}`;
        const options = { ...call.options, messageId };
        pending.push(invoke(tracker, { ...call, options }, "Date") as Promise<unknown>);
        count += 1;
      }
    }
    expected.push([String(job.host), count]);
  }
  await Promise.all(pending);
  await Promise.all(expected.map(([host, count]) => received(host, count)));
  window.trackgenResult = { sent: pending.length };
}

main().catch((err: unknown) => {
  window.trackgenResult = { error: String(err instanceof Error ? err.stack : err) };
});

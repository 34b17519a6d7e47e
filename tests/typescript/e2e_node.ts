/**
 * Sends every valid call of every shared vector through the real
 * `@segment/analytics-node` to the vector's own `trackgen serve` (each job's `host`), with
 * the generated clients in "throw" mode, then flushes and prints what it sent. pytest
 * then compares what each collector recorded with the vectors.
 */
import { Analytics } from "@segment/analytics-node";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { invoke, type Job } from "./vectors";

interface GeneratedModule {
  configure(
    client: Analytics,
    options: { onViolation: "throw" },
  ): Record<string, unknown>;
}

async function main(): Promise<void> {
  const [jobsPath] = process.argv.slice(2);
  const jobs = JSON.parse(readFileSync(String(jobsPath), "utf8")) as Job[];
  const errors: string[] = [];
  const clients: Analytics[] = [];
  let sent = 0;
  for (const job of jobs) {
    const analytics = new Analytics({
      writeKey: "WRITE_KEY",
      host: String(job.host),
      path: "/v1/batch",
      maxEventsInBatch: 25,
      flushInterval: 100,
    });
    analytics.on("error", (err) => errors.push(JSON.stringify(err)));
    clients.push(analytics);
    const generated = require(resolve(job.module)) as GeneratedModule;
    const tracker = generated.configure(analytics, { onViolation: "throw" });
    for (const call of job.calls) {
      if (!call.valid) {
        continue;
      }
      const messageId = call.options["messageId"] ?? `e2e-${call.id}`;
      invoke(tracker, { ...call, options: { ...call.options, messageId } }, "Date");
      sent += 1;
    }
  }
  await Promise.all(
    clients.map((analytics) => analytics.closeAndFlush({ timeout: 15000 })),
  );
  process.stdout.write(JSON.stringify({ sent, errors }));
}

void main();

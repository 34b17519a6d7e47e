/**
 * Sends every valid call of every shared vector through the real
 * `@segment/analytics-node` to a Segment-compatible endpoint (`host` from argv), with
 * the generated clients in "throw" mode, then flushes and prints what it sent.
 * pytest then compares what the endpoint received with the vectors.
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
  const [jobsPath, host] = process.argv.slice(2);
  const jobs = JSON.parse(readFileSync(String(jobsPath), "utf8")) as Job[];
  const analytics = new Analytics({
    writeKey: "WRITE_KEY",
    host: String(host),
    path: "/v1/batch",
    maxEventsInBatch: 25,
    flushInterval: 100,
  });
  const errors: string[] = [];
  analytics.on("error", (err) => errors.push(JSON.stringify(err)));
  let sent = 0;
  for (const job of jobs) {
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
  await analytics.closeAndFlush({ timeout: 15000 });
  process.stdout.write(JSON.stringify({ sent, errors }));
}

void main();

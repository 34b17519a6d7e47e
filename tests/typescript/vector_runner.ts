/**
 * Runs every shared test vector against the generated TypeScript clients (node flavour)
 * and prints, per call, the problems the violation callback received and the message
 * handed to the client, serialised with JSON.stringify as the SDKs do. pytest compares
 * them with the vectors (tests/vector_support.py), the same comparison Python gets.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { decode, hasDateTime, invoke, type DateForm, type Job } from "./vectors";

interface Outcome {
  id: string;
  problems: string[];
  sent: string | null;
  error: string | null;
}

type Recorder = Record<(typeof METHODS)[number], (message: unknown) => void>;

interface GeneratedModule {
  Tracker: new (
    client: Recorder,
    options: { onViolation: (violation: { problems: string[] }) => void },
  ) => unknown;
}

const METHODS = ["track", "identify", "group", "page", "screen"] as const;

const jobs = JSON.parse(readFileSync(String(process.argv[2]), "utf8")) as Job[];
const outcomes: Outcome[] = [];
for (const job of jobs) {
  const generated = require(resolve(job.module)) as GeneratedModule;
  for (const call of job.calls) {
    const forms: DateForm[] = hasDateTime([call.properties, call.options])
      ? ["Date", "string"]
      : ["Date"];
    for (const dates of forms) {
      let problems: string[] = [];
      let sent: string | null = null;
      let error: string | null = null;
      // Each call's message with the type its SDK method gives it on the wire.
      const client = Object.fromEntries(
        METHODS.map((type) => [
          type,
          (message: unknown) => {
            sent = JSON.stringify({ type, ...(message as object) });
          },
        ]),
      ) as Recorder;
      const tracker = new generated.Tracker(client, {
        onViolation: (violation) => {
          problems = [...violation.problems];
        },
      });
      try {
        invoke(tracker, call, dates);
      } catch (exc) {
        error = String(exc);
      }
      const id = dates === "Date" ? call.id : `${call.id}/iso-strings`;
      outcomes.push({ id, problems, sent, error });
    }
  }
}
void decode;
process.stdout.write(JSON.stringify(outcomes));

/**
 * What the shared vectors cannot show: the violation modes, the SDK call shapes of
 * both flavours, ISO strings for date-times, checks of top-level properties, the
 * bigint fallback without JSON.rawJSON. Run by tests/test_typescript_behaviour.py.
 */
import * as assert from "node:assert/strict";
import * as node from "../vectors/types/index";
import * as nullable from "../vectors/nullable/index";
import * as envelope from "../vectors/envelope/index";
import * as dates from "../vectors/datetime/index";
import * as browser from "../browser/envelope/index";
import * as calls from "../vectors/calls/index";
import * as browserCalls from "../browser/calls/index";

const tests: [string, () => void][] = [];
function test(name: string, body: () => void): void {
  tests.push([name, body]);
}

class Recorder {
  messages: Record<string, unknown>[] = [];
  track(message: unknown): string {
    this.messages.push(message as Record<string, unknown>);
    return "the client's result";
  }
}

function sent(recorder: Recorder): Record<string, unknown> {
  const message = recorder.messages[0];
  assert.ok(message !== undefined, "nothing was sent");
  return JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
}

test("throw: TrackingPlanViolation before anything is sent", () => {
  const recorder = new Recorder();
  const tracker = new node.Tracker(recorder, { onViolation: "throw" });
  assert.throws(
    () => tracker.trackEverythingTyped({ s: "a", count: 0 }, { userId: "u" }),
    (err: unknown) => {
      assert.ok(err instanceof node.TrackingPlanViolation);
      assert.equal(err.event, "Everything Typed");
      assert.deepEqual(err.problems, [
        "s must be at least 2 characters long",
        "count must be at least 1",
      ]);
      assert.equal(
        err.message,
        "'Everything Typed' does not match the tracking plan: s must be at least 2 characters long; count must be at least 1",
      );
      return true;
    },
  );
  assert.equal(recorder.messages.length, 0);
});

test("warn (the default): console.warn, then sent anyway", () => {
  const recorder = new Recorder();
  const warnings: unknown[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    const result = new node.Tracker(recorder).trackEverythingTyped({ s: "a" }, { userId: "u" });
    assert.equal(result, "the client's result");
  } finally {
    console.warn = original;
  }
  assert.deepEqual(warnings, [
    "'Everything Typed' does not match the tracking plan: s must be at least 2 characters long",
  ]);
  assert.deepEqual(sent(recorder)["properties"], { s: "a" });
});

test("callback: receives the violation; sent unless it throws", () => {
  const recorder = new Recorder();
  const seen: string[][] = [];
  new node.Tracker(recorder, {
    onViolation: (v) => seen.push([...v.problems]),
  }).trackEverythingTyped({ flag: 1 as unknown as boolean }, { userId: "u" });
  assert.deepEqual(seen, [["flag must be a boolean, got number 1"]]);
  assert.equal(recorder.messages.length, 1);
  const refusing = new node.Tracker(recorder, {
    onViolation: () => {
      throw new Error("no");
    },
  });
  assert.throws(() => refusing.trackEverythingTyped({ s: "a" }, { userId: "u" }), /no/);
  assert.equal(recorder.messages.length, 1);
});

test("the node message: event, properties, context, identity, only what was given", () => {
  const recorder = new Recorder();
  const context = { ip: "1.2.3.4", protocols: { other: 1 } };
  new envelope.Tracker(recorder).trackOrderCompleted(
    { order_id: "o1" },
    { userId: "u", context, timestamp: "2024-01-02T03:04:05Z" },
  );
  assert.deepEqual(sent(recorder), {
    event: "Order Completed",
    properties: { order_id: "o1" },
    context: {
      ip: "1.2.3.4",
      protocols: { other: 1, event_version: 2 },
      trackgen: { language: "typescript", plan: "Vector Envelope" },
    },
    userId: "u",
    timestamp: "2024-01-02T03:04:05Z",
  });
  assert.deepEqual(context, { ip: "1.2.3.4", protocols: { other: 1 } }, "the caller's context is not changed");
});

test("the browser call: track(event, properties, options); identity is the SDK's", () => {
  const calls: unknown[][] = [];
  const client = {
    track: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve("ctx");
    },
  };
  const tracker = new browser.Tracker(client, { onViolation: "throw" });
  const result = tracker.trackSignedOut();
  assert.ok(result instanceof Promise);
  tracker.trackOrderCompleted({ order_id: "o1" }, { anonymousId: "a", messageId: "m" });
  assert.deepEqual(calls, [
    ["Signed Out", {}, { context: { trackgen: { language: "typescript", plan: "Vector Envelope" } } }],
    [
      "Order Completed",
      { order_id: "o1" },
      {
        context: {
          trackgen: { language: "typescript", plan: "Vector Envelope" },
          protocols: { event_version: 2 },
        },
        anonymousId: "a",
        messageId: "m",
      },
    ],
  ]);
  assert.throws(() => tracker.trackSignedOut({ userId: "" }), /userId must be a non-empty string/);
});

test("the browser calls: identify(userId, traits), group(groupId, traits), page/screen(category, name, properties)", () => {
  const seen: unknown[][] = [];
  const record =
    (method: string) =>
    (...args: unknown[]) => {
      seen.push([method, ...args]);
      return Promise.resolve("ctx");
    };
  const client = {
    track: record("track"),
    identify: record("identify"),
    group: record("group"),
    page: record("page"),
    screen: record("screen"),
  };
  const tracker = new browserCalls.Tracker(client, { onViolation: "throw" });
  const context = { trackgen: { language: "typescript", plan: "Vector Calls" } };
  void tracker.identify({ email: "a@example.com" }, { userId: "u1" });
  void tracker.identify({ email: "b@example.com" });
  void tracker.group("acct-1", { name: "Initech", region: "eu" });
  void tracker.pagePricing({ variant: "a" });
  void tracker.pageDocsHome({ anonymousId: "a1" });
  void tracker.screenSettings({ section: "privacy" });
  assert.deepEqual(seen, [
    ["identify", "u1", { email: "a@example.com" }, { context, userId: "u1" }],
    ["identify", null, { email: "b@example.com" }, { context }],
    ["group", "acct-1", { name: "Initech" }, { context: { ...context, region: "eu" } }],
    [
      "page",
      "Marketing",
      "Pricing",
      { variant: "a" },
      { context: { ...context, protocols: { event_version: 2 } } },
    ],
    ["page", null, "Docs Home", {}, { context, anonymousId: "a1" }],
    ["screen", "Account", "Settings", { section: "privacy" }, { context }],
  ]);
  assert.throws(
    () => tracker.group("", { name: "Hooli" }),
    (err: unknown) =>
      err instanceof browserCalls.TrackingPlanViolation &&
      err.event === "group" &&
      err.message ===
        "'group' does not match the tracking plan: groupId must be a non-empty string, got string ''",
  );
});

test("identify, group, page and screen: the same violation modes as track", () => {
  const recorder: Record<string, unknown>[] = [];
  const keep = (type: string) => (message: unknown) => {
    recorder.push({ type, ...(message as object) });
    return "the client's result";
  };
  const client = {
    track: keep("track"),
    identify: keep("identify"),
    group: keep("group"),
    page: keep("page"),
    screen: keep("screen"),
  };
  assert.throws(
    () => new calls.Tracker(client, { onViolation: "throw" }).identify({ email: "x" }, { userId: "u" }),
    (err: unknown) =>
      err instanceof calls.TrackingPlanViolation &&
      err.message === "'identify' does not match the tracking plan: email must be a valid email",
  );
  assert.equal(recorder.length, 0);
  const problems: string[][] = [];
  const tracker = new calls.Tracker(client, { onViolation: (v) => problems.push([...v.problems]) });
  assert.equal(tracker.screenSettings({ section: "s" }, { userId: "u" }), "the client's result");
  // @ts-expect-error a required property missing (checked at run time too)
  tracker.screenSettings({}, { userId: "u" });
  tracker.identify("nope" as unknown as calls.IdentifyTraits, { userId: "u" });
  assert.deepEqual(problems, [
    ["section is required"],
    ["traits must be an object, got string 'nope'", "email is required"],
  ]);
  assert.deepEqual(recorder.map((m) => [m["type"], m["name"], m["category"]]), [
    ["screen", "Settings", "Account"],
    ["screen", "Settings", "Account"],
    ["identify", undefined, undefined],
  ]);
});

test("date-times: Date objects and ISO strings with a timezone, sent as UTC", () => {
  const cases: [Date | string, string][] = [
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120)), "2024-01-02T03:04:05.120000+00:00"],
    ["2024-01-02T03:04:05.123456+02:00", "2024-01-02T01:04:05.123456+00:00"],
    ["2024-01-02t03:04:05z", "2024-01-02T03:04:05+00:00"],
    ["2024-01-02 03:04:05.000-00:30", "2024-01-02T03:34:05+00:00"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+00:00"],
  ];
  for (const [input, wire] of cases) {
    const recorder = new Recorder();
    new dates.Tracker(recorder, { onViolation: "throw" }).trackTrialStarted({ at: input }, { userId: "u" });
    assert.deepEqual(sent(recorder)["properties"], { at: wire }, String(input));
  }
  for (const input of ["2024-02-30T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04:05", "2024-01-02", new Date(NaN)]) {
    const tracker = new dates.Tracker(new Recorder(), { onViolation: "throw" });
    assert.throws(() => tracker.trackTrialStarted({ at: input }, { userId: "u" }), /at must be a timezone-aware datetime/, String(input));
  }
});

test("top-level properties: required, unknown, not an object", () => {
  const problems: string[][] = [];
  const recorder = new Recorder();
  const tracker = new nullable.Tracker(recorder, { onViolation: (v) => problems.push([...v.problems]) });
  tracker.trackCouponChecked({ req: "x" } as nullable.CouponCheckedProperties, { userId: "u" });
  tracker.trackCouponChecked({ req: "x", req_null: null, extra: 1 } as nullable.CouponCheckedProperties, { userId: "u" });
  tracker.trackCouponChecked("x" as unknown as nullable.CouponCheckedProperties, { userId: "u" });
  assert.deepEqual(problems, [
    ["req_null is required"],
    ["extra is not in the tracking plan"],
    ["properties must be an object, got string 'x'", "req_null is required", "req is required"],
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(recorder.messages[1]))["properties"], { req_null: null, req: "x", extra: 1 });
});

test("integers: numbers up to 2^53 - 1, bigints beyond", () => {
  const tracker = new node.Tracker(new Recorder(), { onViolation: "throw" });
  assert.throws(
    () => tracker.trackEverythingTyped({ count: 2 ** 60 }, { userId: "u" }),
    /count must be an integer, got number 1152921504606847000, beyond 2\^53 where numbers lose precision \(pass a bigint\)/,
  );
  const recorder = new Recorder();
  new node.Tracker(recorder, { onViolation: "throw" }).trackEverythingTyped({ count: 7n }, { userId: "u" });
  assert.deepEqual(sent(recorder)["properties"], { count: 7 });
});

test("module-level functions need configure()", () => {
  assert.throws(() => envelope.trackSignedOut({ userId: "u" }), /call configure\(client\) before tracking events/);
  const recorder = new Recorder();
  envelope.configure(recorder);
  assert.equal(envelope.trackSignedOut({ userId: "u" }), "the client's result");
  assert.equal(recorder.messages.length, 1);
});

test("deprecated events and properties warn once each", () => {
  const warnings: unknown[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    const tracker = new envelope.Tracker(new Recorder(), { onViolation: "throw" });
    tracker.trackLegacyEvent({ old: "x" }, { userId: "u" });
    tracker.trackLegacyEvent({ old: "x" }, { userId: "u" });
  } finally {
    console.warn = original;
  }
  assert.deepEqual(warnings, [
    "'Legacy Event' is deprecated in the tracking plan",
    "'old' is deprecated in the tracking plan",
  ]);
});

/** The big-integers client loaded afresh with `JSON.rawJSON` replaced (undefined: removed). */
function withRawJSON(rawJSON: unknown, check: (fresh: typeof import("../vectors/big-integers/index")) => void): void {
  const saved = Object.getOwnPropertyDescriptor(JSON, "rawJSON");
  const path = require.resolve("../vectors/big-integers/index");
  delete require.cache[path];
  if (rawJSON === undefined) {
    delete (JSON as { rawJSON?: unknown }).rawJSON;
  } else {
    Object.defineProperty(JSON, "rawJSON", { value: rawJSON, configurable: true, writable: true });
  }
  try {
    check(require(path) as typeof import("../vectors/big-integers/index"));
  } finally {
    delete (JSON as { rawJSON?: unknown }).rawJSON;
    if (saved !== undefined) {
      Object.defineProperty(JSON, "rawJSON", saved);
    }
    delete require.cache[path];
  }
}

function sentAsDigits(fresh: typeof import("../vectors/big-integers/index")): void {
  const recorder = new Recorder();
  const problems: string[] = [];
  new fresh.Tracker(recorder, { onViolation: (v) => problems.push(...v.problems) }).trackBigNumbersCounted(
    { big: 2n ** 60n + 1n },
    { userId: "u" },
  );
  assert.deepEqual(problems, [
    "big is a bigint beyond 2^53, which this JavaScript runtime cannot send as a JSON number (it lacks a working JSON.rawJSON); it is sent as a string",
  ]);
  assert.deepEqual(sent(recorder)["properties"], { big: "1152921504606846977" });
}

test("without JSON.rawJSON a big integer is reported and sent as its digits", () => {
  withRawJSON(undefined, sentAsDigits);
});

test("a JSON.rawJSON that writes wrong JSON is not used", () => {
  // Node.js 20's flagged version garbles text beyond Latin-1; this stand-in garbles all.
  withRawJSON((text: string) => ({ toJSON: () => `${text}?` }), sentAsDigits);
});

let failed = 0;
for (const [name, body] of tests) {
  try {
    body();
    process.stdout.write(`ok ${name}\n`);
  } catch (err) {
    failed += 1;
    process.stdout.write(`FAILED ${name}\n${String(err instanceof Error ? err.stack : err)}\n`);
  }
}
process.stdout.write(`${tests.length - failed} passed, ${failed} failed\n`);
process.exitCode = failed ? 1 : 0;

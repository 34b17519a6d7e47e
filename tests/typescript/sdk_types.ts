/**
 * Compile-time checks only (tsc --strict): the generated clients accept the real SDK
 * objects, and their types reject what the plan forbids (each `@ts-expect-error` line
 * must be an error, or tsc fails).
 */
import { Analytics } from "@segment/analytics-node";
import { AnalyticsBrowser } from "@segment/analytics-next";
import * as node from "../vectors/types/index";
import * as nullable from "../vectors/nullable/index";
import * as envelope from "../vectors/envelope/index";
import * as browser from "../browser/types/index";
import * as calls from "../vectors/calls/index";
import * as context from "../vectors/context/index";
import * as browserCalls from "../browser/calls/index";

export function checks(): void {
  const analytics = new Analytics({ writeKey: "WRITE_KEY" });
  const tracker: node.Tracker<void> = node.configure(analytics, {
    onViolation: "throw",
  });
  tracker.trackEverythingTyped(
    { s: "ab", count: 2n, level: 3, at: new Date(), day: "2024-01-02" },
    { userId: "u1", timestamp: new Date(), context: { ip: "1.2.3.4" } },
  );
  node.trackEverythingTyped({ at: "2024-01-02T03:04:05Z" }, { anonymousId: "a" });
  envelope.configure(analytics).trackSignedOut({ userId: "u1" });

  // @ts-expect-error the node SDK needs a user ID or an anonymous ID
  tracker.trackEverythingTyped({}, {});
  // @ts-expect-error enums are string-literal unions
  tracker.trackEverythingTyped({ choice: "Gold" }, { userId: "u1" });
  // @ts-expect-error an integer is a number or a bigint, not a string
  tracker.trackEverythingTyped({ count: "2" }, { userId: "u1" });

  const n = new nullable.Tracker(analytics);
  n.trackCouponChecked({ req_null: null, req: "x", opt_null: null }, { userId: "u" });
  // @ts-expect-error optional is not nullable
  n.trackCouponChecked({ req_null: null, req: "x", opt: null }, { userId: "u" });
  // @ts-expect-error required properties must be given
  n.trackCouponChecked({ req: "x" }, { userId: "u" });

  const c: calls.Tracker<void> = calls.configure(analytics);
  c.identify({ email: "a@example.com", createdAt: new Date() }, { userId: "u" });
  c.group("acct-1", { name: "Initech" }, { userId: "u" });
  c.pagePricing({ variant: "a" }, { anonymousId: "a" });
  c.pageDocsHome({ userId: "u" });
  c.screenSettings({ section: "s", "dark mode": true }, { userId: "u" });
  // @ts-expect-error group takes the group ID first
  c.group({ name: "Initech" }, { userId: "u" });
  // @ts-expect-error a required trait
  c.identify({ firstName: "Ann" }, { userId: "u" });
  // @ts-expect-error enums are string-literal unions for pages too
  c.pagePricing({ variant: "c" }, { userId: "u" });
  const ctx = context.configure(analytics);
  ctx.trackAccountCreated({ account_name: "Initech", groupId: "acct-1" }, { userId: "u" });
  // @ts-expect-error a required context field is required like a property
  ctx.trackAccountCreated({ account_name: "Initech" }, { userId: "u" });

  const page = AnalyticsBrowser.load({ writeKey: "WRITE_KEY" });
  const webCalls = browserCalls.configure(page);
  void webCalls.identify({ email: "a@example.com" });
  void webCalls.group("acct-1", { name: "Initech" });
  void webCalls.pageDocsHome();
  void webCalls.screenSettings({ section: "s" });
  const web = browser.configure(page, {
    onViolation: (violation: browser.TrackingPlanViolation) =>
      console.error(violation.problems),
  });
  void web.trackEverythingTyped({ s: "ab" });
  void web.trackEverythingTyped({ s: "ab" }, { context: { page: {} } });
}

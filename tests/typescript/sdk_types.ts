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

  const page = AnalyticsBrowser.load({ writeKey: "WRITE_KEY" });
  const web = browser.configure(page, {
    onViolation: (violation: browser.TrackingPlanViolation) =>
      console.error(violation.problems),
  });
  void web.trackEverythingTyped({ s: "ab" });
  void web.trackEverythingTyped({ s: "ab" }, { context: { page: {} } });
}

/**
 * A small Node.js app that tracks the example plan's events through the generated
 * TypeScript client and the real @segment/analytics-node. `examples/demo_typescript.py`
 * builds the client into ./analytics, type-checks this file with tsc --strict, bundles
 * it with esbuild and runs it against a local Segment-compatible endpoint.
 */
import { Analytics } from "@segment/analytics-node";
import {
  configure,
  trackOrderCompleted,
  trackSignedOut,
  trackUserRegistered,
} from "./analytics";

async function main(): Promise<void> {
  const analytics = new Analytics({
    writeKey: "DEMO_WRITE_KEY",
    host: String(process.argv[2]),
    path: "/v1/batch",
    flushInterval: 100,
  });
  configure(analytics); // on a violation: console.warn, and send anyway

  trackUserRegistered({ plan: "Pro Monthly", account_type: "email" }, { userId: "user-42" });
  trackOrderCompleted(
    {
      order_id: "o-1001",
      revenue: 19.99,
      currency: "USD",
      coupon: null,
      products: [{ product_id: "p-1", price: 19.99, quantity: 1 }],
      placed_at: new Date("2024-05-06T07:08:09+02:00"),
    },
    { userId: "user-42" },
  );
  // Breaks the plan twice: warned on the console, sent anyway.
  trackOrderCompleted(
    { order_id: "o-1002", currency: "usd", products: [] },
    { userId: "user-42" },
  );
  trackSignedOut({ userId: "user-42" });
  await analytics.closeAndFlush();
}

void main();

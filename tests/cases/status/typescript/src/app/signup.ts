/** Sign-up flow: calls through the module-level functions. */
import { trackUserRegistered, trackSignedOut as signedOut } from "../generated-ts";
import * as analytics from "../generated-ts";

export function register(userId: string, trackingEnabled: () => boolean): void {
  trackUserRegistered({ plan: "Free" }, { userId });
  // trackCourseClicked({ userId }) in a comment is not a call
  const note = "trackCourseClicked({ userId }) in a string is not a call either";
  console.log(note, `nor trackCourseClicked() in a template`);
  if (trackingEnabled()) {
    signedOut({ userId }); // a renamed import of an event that is not in the plan
  }
  analytics.trackUserRegistered({ plan: "Pro" }, { userId });
}

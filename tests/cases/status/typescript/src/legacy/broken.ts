export function old(: number {
  trackCartViewed({ userId: "u" });
}

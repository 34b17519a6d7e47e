import type { Tracker } from "../generated-ts";

export function Checkout(props: { tracker?: Tracker; orderId: string }) {
  const pay = () =>
    props.tracker?.trackOrderCompleted(
      { order_id: props.orderId },
      { userId: "u" },
    );
  return <button onClick={pay}>Pay</button>;
}

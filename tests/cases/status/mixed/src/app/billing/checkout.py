"""Checkout: calls through a Tracker instance, twice."""

from analytics_plan import Tracker


class Checkout:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def complete(self, user_id: str, order_id: str) -> None:
        self.tracker.track_order_completed(user_id=user_id, order_id=order_id)

    def retry(self, user_id: str, order_id: str) -> None:
        for _ in range(3):
            self.tracker.track_order_completed(
                user_id=user_id, order_id=order_id
            )

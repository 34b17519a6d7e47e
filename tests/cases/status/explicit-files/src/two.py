from analytics_plan import get_tracker

get_tracker().track_cart_viewed(anonymous_id="a")

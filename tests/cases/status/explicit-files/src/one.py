from analytics_plan import track_user_registered

track_user_registered(anonymous_id="a")

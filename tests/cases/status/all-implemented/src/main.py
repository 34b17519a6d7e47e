import analytics_plan as ap

ap.track_user_registered(user_id="u")
ap.track_things_happened(user_id="u")

"""Sign-up flow: calls through the module-level functions."""

from analytics_plan import track_signed_out as signed_out
from analytics_plan import track_user_registered


def register(user_id: str) -> None:
    track_user_registered(user_id=user_id, plan="Free")
    # track_course_clicked(user_id=user_id) in a comment is not a call
    note = "track_course_clicked(user_id=user_id) in a string is not a call either"
    print(note)
    signed_out(user_id=user_id)  # an alias of an event that is not in the plan

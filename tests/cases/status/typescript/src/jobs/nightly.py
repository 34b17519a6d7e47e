"""A Python job in the same repository: both languages are scanned."""

from analytics_plan import track_course_clicked


def run() -> None:
    track_course_clicked(user_id="batch")

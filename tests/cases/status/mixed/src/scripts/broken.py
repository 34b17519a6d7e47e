def broken(:
    track_course_clicked(user_id="u")

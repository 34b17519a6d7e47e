track_course_clicked(user_id="hidden folders are not scanned")

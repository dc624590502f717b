-- Today under load (issue 22): the absence alerts read every mark of the
-- groups running. With the status in the index, a place's marks are read
-- from the index alone, one seek per place, never the table row by row;
-- and the groups running are found by their status, not by reading every
-- group of the practice's years.
DROP INDEX attendance_by_place;
CREATE INDEX attendance_by_place ON attendance (place_id, session_id, status);
CREATE INDEX groups_by_status ON groups (status, archived);

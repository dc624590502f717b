-- Reports (issue 21): the paper they are laid out for.

ALTER TABLE settings ADD COLUMN report_paper TEXT NOT NULL DEFAULT 'letter'
    CHECK (report_paper IN ('a4', 'letter'));

-- The service code a group's sessions are billed under (the service log);
-- a group without a row is billed as CPT 90853.
CREATE TABLE service_codes (
    group_id   TEXT NOT NULL PRIMARY KEY REFERENCES groups(id) ON DELETE RESTRICT,
    code       TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 12 AND code NOT GLOB '*[^A-Z0-9]*'),
    modifiers  TEXT NOT NULL DEFAULT '' CHECK (length(modifiers) <= 11 AND modifiers NOT GLOB '*[^A-Z0-9 ]*')
) STRICT;

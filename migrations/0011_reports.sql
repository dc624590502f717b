-- Reports (issue 21): the paper they are laid out for.

ALTER TABLE settings ADD COLUMN report_paper TEXT NOT NULL DEFAULT 'letter'
    CHECK (report_paper IN ('a4', 'letter'));

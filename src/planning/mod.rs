//! Planning a program: what a group is, its dated sessions, what each
//! session teaches, and the group's agreement.
//!
//! | file | what lives there |
//! | --- | --- |
//! | `limits` | the ranges a clinician can enter (capacity 6–12, …), shared with the UI |
//! | `calendar` | dates: cadence, laying dates out around blackout dates, parsing what is typed |
//! | `groups` | a group: its fields and their rules, the groups list |
//! | `group_status` | a group's life (starting it asks when fewer than 6 are enrolled) and the archive |
//! | `blackouts` | blackout dates, practice-wide and per group |
//! | `curriculum` | a session's plan: topic, objectives, timed agenda, materials, homework |
//! | `builtin_templates` | the curricula Cohort ships (CBT for depression, DBT skills, process group) |
//! | `templates` | listing, reading and saving curriculum templates |
//! | `ground_rules` | the group agreement, a new final version for every edit |
//! | `program` | a group's dated sessions: reading the program, laying it out again, deleting an unused group |
//! | `new_group` | the "new group" flow: preview and create |
//! | `session_plans` | editing one session's plan; moving, inserting and removing plans between dates |
//! | `reschedule` | rescheduling a session (and the later ones), cancelling one with a make-up |
//! | `ics` | the calendar file (.ics) |
//! | `today` | the sessions coming up, across groups |

pub mod blackouts;
pub mod builtin_templates;
pub mod calendar;
pub mod curriculum;
pub mod ground_rules;
pub mod group_status;
pub mod groups;
pub mod ics;
pub mod limits;
pub mod new_group;
pub mod program;
pub mod reschedule;
pub mod session_plans;
pub mod templates;
pub mod upcoming;

//! The roster: the people in a practice's groups, from referral to leaving.
//!
//! | file | what lives there |
//! | --- | --- |
//! | `names` | folding names for search and order: case, accents, apostrophes and hyphens set aside |
//! | `members` | a member: who they are, how to reach them; archive, and delete while nothing is recorded |
//! | `directory` | the Members directory and its search as you type |
//! | `places` | a person's place in one group: referred → screened → consented → enrolled or waitlisted → left |
//! | `agreements` | a member's dated agreement to a version of the group's ground rules |
//! | `group_roster` | a group's roster: capacity, the enrolled, the waitlist and its offer, those on their way, those who left |
//! | `attention` | what waits on the practice's rosters (for Today): places offered, rules to agree to |
//! | `profile` | a member's profile: every group with its status, and their agreements |

pub mod agreements;
pub mod attention;
pub mod directory;
pub mod group_roster;
pub mod members;
pub mod names;
pub mod places;
pub mod profile;

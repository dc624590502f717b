//! What each session teaches: topic, objectives, a timed agenda, materials
//! and homework; and a curriculum, one plan per session.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::ids::{GroupId, PlanId};
use crate::planning::limits::{AGENDA_ITEMS_MAX, AGENDA_ITEM_MINUTES};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct AgendaItem {
    pub title: String,
    /// 1 to 180 minutes.
    pub minutes: u32,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct SessionPlan {
    pub topic: String,
    pub objectives: String,
    pub materials: String,
    pub homework: String,
    pub agenda: Vec<AgendaItem>,
}

/// The agenda's length against the session's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct AgendaTotal {
    pub total_minutes: u32,
    pub session_minutes: u32,
    /// Minutes beyond the session length (0 when it fits).
    pub over_by: u32,
}

impl SessionPlan {
    pub fn total_minutes(&self) -> u32 {
        self.agenda.iter().map(|a| a.minutes).sum()
    }

    pub fn total_against(&self, session_minutes: u32) -> AgendaTotal {
        let total = self.total_minutes();
        AgendaTotal {
            total_minutes: total,
            session_minutes,
            over_by: total.saturating_sub(session_minutes),
        }
    }

    /// Trims the text, refuses what does not fit, and refuses an agenda
    /// longer than the session unless the clinician accepted the overrun.
    pub fn validated(&self, session_minutes: u32, accept_overrun: bool) -> Result<SessionPlan> {
        let t = |field: &str, label: &str, v: &str, max: usize| -> Result<String> {
            let v = v.trim();
            if v.chars().count() > max {
                return Err(Error::validation(
                    field,
                    format!("{label} can be at most {max} characters."),
                ));
            }
            Ok(v.to_string())
        };
        let mut agenda = Vec::with_capacity(self.agenda.len());
        if self.agenda.len() > AGENDA_ITEMS_MAX {
            return Err(Error::validation(
                "agenda",
                format!("An agenda can have at most {AGENDA_ITEMS_MAX} items."),
            ));
        }
        for (i, a) in self.agenda.iter().enumerate() {
            let title = t("agenda", "An agenda item's title", &a.title, 200)?;
            if title.is_empty() {
                return Err(Error::validation(
                    "agenda",
                    format!("Agenda item {} needs a title.", i + 1),
                ));
            }
            let (lo, hi) = AGENDA_ITEM_MINUTES;
            if !(lo..=hi).contains(&a.minutes) {
                return Err(Error::validation(
                    "agenda",
                    format!(
                        "Agenda item {} ('{title}') must last between {lo} and {hi} minutes.",
                        i + 1
                    ),
                ));
            }
            agenda.push(AgendaItem {
                title,
                minutes: a.minutes,
                notes: t("agenda", "Notes", &a.notes, 2000)?,
            });
        }
        let plan = SessionPlan {
            topic: t("topic", "The topic", &self.topic, 200)?,
            objectives: t("objectives", "The objectives", &self.objectives, 4000)?,
            materials: t("materials", "The materials", &self.materials, 4000)?,
            homework: t("homework", "The homework", &self.homework, 4000)?,
            agenda,
        };
        let total = plan.total_against(session_minutes);
        if total.over_by > 0 && !accept_overrun {
            return Err(Error::validation(
                "agenda",
                format!(
                    "The agenda runs {} minutes, {} more than the {}-minute session. Shorten it, or save anyway to keep it as it is.",
                    total.total_minutes, total.over_by, session_minutes
                ),
            ));
        }
        Ok(plan)
    }
}

/// A curriculum: one plan per session.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Template {
    /// `builtin:…` for the ones Cohort ships; a UUID for saved ones.
    pub id: String,
    pub name: String,
    pub description: String,
    pub builtin: bool,
    pub sessions: Vec<SessionPlan>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TemplateSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub builtin: bool,
    pub session_count: u32,
}

impl Template {
    pub fn summary(&self) -> TemplateSummary {
        TemplateSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            builtin: self.builtin,
            session_count: self.sessions.len() as u32,
        }
    }

    /// Plans for a program of `count` sessions, and a sentence saying what
    /// was done when the template's length differs.
    pub fn fit(&self, count: u32) -> (Vec<SessionPlan>, Option<String>) {
        let n = self.sessions.len() as u32;
        let mut plans: Vec<SessionPlan> = self.sessions.iter().take(count as usize).cloned().collect();
        let note = match n.cmp(&count) {
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(format!(
                "“{}” has {n} sessions and this group has {count}: sessions 1–{count} of the template were used and {} left out.",
                self.name,
                if n - count == 1 { format!("session {n} was") } else { format!("sessions {}–{n} were", count + 1) }
            )),
            std::cmp::Ordering::Less => {
                plans.resize(count as usize, SessionPlan::default());
                Some(format!(
                    "“{}” has {n} sessions and this group has {count}: sessions 1–{n} follow the template and {} no plan yet.",
                    self.name,
                    if count - n == 1 { format!("session {count} has") } else { format!("sessions {}–{count} have", n + 1) }
                ))
            }
        };
        (plans, note)
    }
}

pub(crate) fn insert_plan(conn: &Connection, group: GroupId, plan: &SessionPlan) -> Result<PlanId> {
    let id = PlanId::new();
    conn.prepare_cached(
        "INSERT INTO session_plans (id, group_id, topic, objectives, materials, homework) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, group, plan.topic, plan.objectives, plan.materials, plan.homework])?;
    write_agenda(conn, id, &plan.agenda)?;
    Ok(id)
}

fn write_agenda(conn: &Connection, id: PlanId, agenda: &[AgendaItem]) -> Result<()> {
    conn.prepare_cached("DELETE FROM agenda_items WHERE plan_id = ?1")?
        .execute([id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO agenda_items (plan_id, position, title, minutes, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, a) in agenda.iter().enumerate() {
        stmt.execute(params![id, i as i64, a.title, a.minutes, a.notes])?;
    }
    Ok(())
}

pub(crate) fn write_plan(conn: &Connection, id: PlanId, plan: &SessionPlan) -> Result<()> {
    conn.prepare_cached(
        "UPDATE session_plans SET topic = ?2, objectives = ?3, materials = ?4, homework = ?5 WHERE id = ?1",
    )?
    .execute(params![
        id,
        plan.topic,
        plan.objectives,
        plan.materials,
        plan.homework
    ])?;
    write_agenda(conn, id, &plan.agenda)
}

/// One plan with its agenda: two queries.
pub fn read_plan(conn: &Connection, id: PlanId) -> Result<SessionPlan> {
    let mut plan = conn
        .prepare_cached("SELECT topic, objectives, materials, homework FROM session_plans WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(SessionPlan {
                topic: r.get(0)?,
                objectives: r.get(1)?,
                materials: r.get(2)?,
                homework: r.get(3)?,
                agenda: Vec::new(),
            })
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT title, minutes, notes FROM agenda_items WHERE plan_id = ?1 ORDER BY position",
    )?;
    plan.agenda = stmt
        .query_map([id], |r| {
            Ok(AgendaItem {
                title: r.get(0)?,
                minutes: r.get(1)?,
                notes: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(plan)
}

/// Every plan of a group, keyed by id: two queries, whatever the size.
pub fn plans_of_group(conn: &Connection, group: GroupId) -> Result<HashMap<PlanId, SessionPlan>> {
    let mut plans: HashMap<PlanId, SessionPlan> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, topic, objectives, materials, homework FROM session_plans WHERE group_id = ?1",
    )?;
    for row in stmt.query_map([group], |r| {
        Ok((
            r.get::<_, PlanId>(0)?,
            SessionPlan {
                topic: r.get(1)?,
                objectives: r.get(2)?,
                materials: r.get(3)?,
                homework: r.get(4)?,
                agenda: Vec::new(),
            },
        ))
    })? {
        let (id, p) = row?;
        plans.insert(id, p);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.plan_id, a.title, a.minutes, a.notes FROM agenda_items a
         JOIN session_plans p ON p.id = a.plan_id WHERE p.group_id = ?1 ORDER BY a.plan_id, a.position",
    )?;
    for row in stmt.query_map([group], |r| {
        Ok((
            r.get::<_, PlanId>(0)?,
            AgendaItem {
                title: r.get(1)?,
                minutes: r.get(2)?,
                notes: r.get(3)?,
            },
        ))
    })? {
        let (id, item) = row?;
        if let Some(p) = plans.get_mut(&id) {
            p.agenda.push(item);
        }
    }
    Ok(plans)
}

/// Deletes the group's plans that no session uses any more (plans are
/// curriculum, not records; a plan a session uses is never deleted).
pub(crate) fn delete_unused_plans(conn: &Connection, group: GroupId) -> Result<()> {
    conn.execute(
        "DELETE FROM agenda_items WHERE plan_id IN (
             SELECT p.id FROM session_plans p WHERE p.group_id = ?1
             AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.group_id = ?1 AND s.plan_id = p.id))",
        [group],
    )?;
    conn.execute(
        "DELETE FROM session_plans WHERE group_id = ?1
         AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.group_id = ?1 AND s.plan_id = session_plans.id)",
        [group],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agenda_over_the_session_length_is_a_warning_that_can_be_accepted() {
        let plan = SessionPlan {
            topic: "x".into(),
            agenda: vec![AgendaItem {
                title: "Long".into(),
                minutes: 100,
                notes: String::new(),
            }],
            ..Default::default()
        };
        let e = plan.validated(90, false).err().unwrap();
        assert_eq!(e.field(), Some("agenda"));
        assert!(e
            .to_string()
            .contains("runs 100 minutes, 10 more than the 90-minute session"));
        let kept = plan.validated(90, true).unwrap();
        assert_eq!(kept.total_minutes(), 100, "never truncated");
        let bad = SessionPlan {
            agenda: vec![AgendaItem {
                title: "".into(),
                minutes: 5,
                notes: "".into(),
            }],
            ..Default::default()
        };
        assert!(bad
            .validated(90, true)
            .err()
            .unwrap()
            .to_string()
            .contains("needs a title"));
        let bad = SessionPlan {
            agenda: vec![AgendaItem {
                title: "x".into(),
                minutes: 0,
                notes: "".into(),
            }],
            ..Default::default()
        };
        assert!(bad
            .validated(90, true)
            .err()
            .unwrap()
            .to_string()
            .contains("between 1 and 180"));
    }
}

//! The vault's own screens, as every journey meets them: creating a vault,
//! and a recovery key shown once.

use thirtyfour::prelude::*;

use crate::{App, PASS};

impl App {
    /// The recovery key on screen, as the clinician would copy it down.
    pub async fn shown_recovery_key(&self) -> String {
        self.wait(By::XPath("//*[@aria-label='Recovery key']"), "the recovery key")
            .await
            .prop("textContent")
            .await
            .unwrap()
            .unwrap_or_default()
            .split_whitespace()
            .collect()
    }

    /// Ticks "I have written down my recovery key", then `continue_label`.
    pub async fn recovery_key_written(&self, continue_label: &str) {
        self.field("I have written down my recovery key")
            .await
            .click()
            .await
            .unwrap();
        self.click(continue_label).await;
    }
}

/// Creates a vault through the first-run screens and lands on the app frame.
pub async fn create_vault(app: &mut App) {
    app.see("Welcome to Cohort").await;
    app.fill("Passphrase", PASS).await;
    app.fill("Repeat passphrase", PASS).await;
    app.see("Strength: Very strong").await;
    app.click("Create vault").await;
    app.labelled("Recovery key").await;
    app.recovery_key_written("Continue to Cohort").await;
    app.button("Lock").await;
}

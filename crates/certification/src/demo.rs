//! The certification's demo banks: the syllabus's five topics with their questions, in
//! GIFT (`demo/banco-basico.gift`, the same file a foundation would import).

use soporte_platform::storage::Db;

use crate::bank::{self, ImportError};
use crate::gift;

/// The demo banks, as a GIFT file.
pub const BANKS: &str = include_str!("../demo/banco-basico.gift");

/// Loads the demo banks.
pub async fn load(db: &Db) -> Result<(), sqlx::Error> {
    let questions = gift::parse(BANKS)
        .map_err(|errors| sqlx::Error::Protocol(format!("the demo banks: {errors:?}")))?;
    bank::import(db, &questions, &mut |_, _| {})
        .await
        .map(drop)
        .map_err(|error| match error {
            ImportError::Database(error) => error,
            other => sqlx::Error::Protocol(format!("the demo banks: {other}")),
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_banks_read_whole_and_fit_a_bank() {
        let questions = crate::gift::parse(super::BANKS).unwrap();
        assert!(questions.len() >= 25, "{}", questions.len());
        assert_eq!(crate::bank::check(&questions), Vec::new());
    }
}

//! Articles rendered once per revision: the Markdown of an article is turned into
//! sanitized HTML the first time a revision is read, and kept in memory (bounded) for
//! the readers after, signed in or not.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use soporte_platform::markup::{self, Rendered};

use crate::ArticleId;

/// How many renderings are kept; past it, the oldest half of the work starts over.
const KEPT: usize = 512;

/// Renderings by article and revision time.
#[derive(Default)]
pub struct Renderings {
    kept: Mutex<HashMap<(ArticleId, i64), Arc<Rendered>>>,
}

impl Renderings {
    /// The article `id` as it was at `updated_at`, whose text is `body`.
    pub fn of(&self, id: ArticleId, updated_at: i64, body: &str) -> Arc<Rendered> {
        let key = (id, updated_at);
        if let Some(found) = self.lock().get(&key) {
            return found.clone();
        }
        // Rendered outside the lock: two readers of a new revision may both render it.
        let rendered = Arc::new(markup::markdown(body));
        let mut kept = self.lock();
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(key, rendered.clone());
        rendered
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(ArticleId, i64), Arc<Rendered>>> {
        match self.kept.lock() {
            Ok(kept) => kept,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_renders_once_and_a_new_one_renders_again() {
        let renderings = Renderings::default();
        let first = renderings.of(ArticleId::new(1), 10, "# Hola");
        let again = renderings.of(ArticleId::new(1), 10, "# Hola");
        assert!(Arc::ptr_eq(&first, &again));
        let newer = renderings.of(ArticleId::new(1), 11, "# Adiós");
        assert!(newer.html.contains("Adiós"));
    }
}

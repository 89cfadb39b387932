//! Wiring: which areas make up Soporte. This is the one list; the platform builds
//! everything else from it (migrations in this order, texts, navigation, home page,
//! placeholder pages for the rungs not built yet, sitemap, OpenAPI document, command
//! line, demo content):
//!
//! ```text
//! search  the one search index, fed by every area's sources
//! docs    documentation: collections, articles, revisions, Sphinx import
//! forum   community: categories, questions and discussions, solutions, votes
//! bugs    the bug tracker: products, components, reports, triage, duplicates
//! desk    partner desks: the SLA clock on Mexican business calendars
//! ```
//!
//! Adding an area is a new crate and one line below. The binary and the integration
//! tests both start Soporte from here.

use std::sync::Arc;

use soporte_platform::area::{Area, Site};

/// Every area, in the order their migrations apply.
pub fn site() -> Site {
    let areas: Vec<Arc<dyn Area>> = vec![
        Arc::new(soporte_search::SearchArea),
        Arc::new(soporte_docs::Docs),
        Arc::new(soporte_forum::Forum),
        Arc::new(soporte_bugs::Bugs),
        Arc::new(soporte_desk::Desk),
        Arc::new(soporte_partners::Partners),
        Arc::new(soporte_certification::Certification),
    ];
    Site::new(areas)
}

//! The five collections of the documentation, as plain data.

/// A collection of articles, in the author's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Collection {
    UserGuide,
    AdminGuide,
    Manuals,
    Faq,
    KnowledgeBase,
}

impl Collection {
    pub const ALL: [Collection; 5] = [
        Collection::UserGuide,
        Collection::AdminGuide,
        Collection::Manuals,
        Collection::Faq,
        Collection::KnowledgeBase,
    ];

    /// The collection's path segment under `/documentacion/`.
    pub fn slug(self) -> &'static str {
        match self {
            Collection::UserGuide => "guia-de-usuario",
            Collection::AdminGuide => "guia-de-administrador",
            Collection::Manuals => "manuales-tecnicos",
            Collection::Faq => "preguntas-frecuentes",
            Collection::KnowledgeBase => "base-de-conocimiento",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Collection> {
        Collection::ALL
            .into_iter()
            .find(|collection| collection.slug() == slug)
    }

    /// The Fluent id of the collection's name; `-text` is its description.
    pub fn message_id(self) -> &'static str {
        match self {
            Collection::UserGuide => "docs-user-guide",
            Collection::AdminGuide => "docs-admin-guide",
            Collection::Manuals => "docs-manuals",
            Collection::Faq => "docs-faq",
            Collection::KnowledgeBase => "docs-knowledge-base",
        }
    }

    pub fn path(self) -> String {
        format!("/documentacion/{}", self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::Collection;

    #[test]
    fn slugs_round_trip() {
        for collection in Collection::ALL {
            assert_eq!(Collection::from_slug(collection.slug()), Some(collection));
        }
        assert_eq!(Collection::from_slug("blog"), None);
    }
}

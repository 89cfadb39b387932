//! Long lists shown a page at a time (`?pagina=N`), so that no queue or admin list
//! grows without bound however much is sent: a [`Paging`] says which rows to read,
//! and [`PageLinks`] are the links to the pages around, which `paging.html` shows.

/// Which page of a list to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// From 1.
    page: u32,
    per_page: u32,
}

/// The pages around the one shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageLinks {
    pub number: u32,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl PageLinks {
    /// Whether there is more than one page (then the links are shown).
    pub fn any(&self) -> bool {
        self.previous.is_some() || self.next.is_some()
    }
}

/// The most pages a list goes to: far beyond any real list, and it keeps the
/// database's `OFFSET` small.
const LAST_PAGE: u32 = 10_000;

impl Paging {
    /// The page `asked` for (`?pagina=`), `per_page` rows each; anything that is not
    /// a page number is the first page.
    pub fn new(asked: Option<&str>, per_page: u32) -> Paging {
        let page = asked
            .and_then(|text| text.trim().parse::<u32>().ok())
            .filter(|page| (1..=LAST_PAGE).contains(page))
            .unwrap_or(1);
        Paging {
            page,
            per_page: per_page.max(1),
        }
    }

    /// Rows to read: one more than a page, to know whether another follows.
    pub fn limit(&self) -> i64 {
        i64::from(self.per_page) + 1
    }

    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    /// This page's rows out of `rows` (read with [`Paging::limit`] and
    /// [`Paging::offset`]), and the links to the pages around: `path` with `query`
    /// (the list's other parameters) and `pagina`.
    pub fn page<T>(
        &self,
        mut rows: Vec<T>,
        path: &str,
        query: &[(&str, &str)],
    ) -> (Vec<T>, PageLinks) {
        let more = rows.len() > self.per_page as usize;
        rows.truncate(self.per_page as usize);
        let link = |page: u32| {
            let mut url = url::form_urlencoded::Serializer::new(String::new());
            for (name, value) in query.iter().filter(|(_, value)| !value.is_empty()) {
                url.append_pair(name, value);
            }
            if page > 1 {
                url.append_pair("pagina", &page.to_string());
            }
            let query = url.finish();
            if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            }
        };
        let links = PageLinks {
            number: self.page,
            previous: (self.page > 1).then(|| link(self.page - 1)),
            next: (more && self.page < LAST_PAGE).then(|| link(self.page + 1)),
        };
        (rows, links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_read_one_row_beyond_and_linked_both_ways() {
        let paging = Paging::new(Some("2"), 3);
        assert_eq!((paging.offset(), paging.limit()), (3, 4));
        let (rows, links) = paging.page(vec![4, 5, 6, 7], "/admin/personas", &[("q", "ana lópez")]);
        assert_eq!(rows, vec![4, 5, 6]);
        assert_eq!(
            links.previous.as_deref(),
            Some("/admin/personas?q=ana+l%C3%B3pez")
        );
        assert_eq!(
            links.next.as_deref(),
            Some("/admin/personas?q=ana+l%C3%B3pez&pagina=3")
        );
        let (rows, last) = paging.page(vec![4, 5], "/x", &[("q", "")]);
        assert_eq!((rows.len(), last.next), (2, None));
        assert_eq!(last.previous.as_deref(), Some("/x"));
    }

    #[test]
    fn anything_but_a_page_number_is_the_first_page() {
        for asked in [
            None,
            Some(""),
            Some("0"),
            Some("-1"),
            Some("abc"),
            Some("99999999999"),
        ] {
            let paging = Paging::new(asked, 50);
            assert_eq!(paging.offset(), 0, "{asked:?}");
            let (_, links) = paging.page(vec![1], "/x", &[]);
            assert!(!links.any());
        }
    }
}

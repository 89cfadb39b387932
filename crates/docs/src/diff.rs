//! Comparing two revisions line by line: plain data for the page to show.

use similar::{ChangeTag, TextDiff};

/// What happened to one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Kept,
    Removed,
    Added,
}

/// One line of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub change: Change,
    pub text: String,
}

impl Line {
    /// The CSS class and the element the page uses for this line.
    pub fn class(&self) -> &'static str {
        match self.change {
            Change::Kept => "kept",
            Change::Removed => "removed",
            Change::Added => "added",
        }
    }
}

/// The lines of `new` against `old`.
pub fn lines(old: &str, new: &str) -> Vec<Line> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| Line {
            change: match change.tag() {
                ChangeTag::Equal => Change::Kept,
                ChangeTag::Delete => Change::Removed,
                ChangeTag::Insert => Change::Added,
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_are_marked() {
        let diff = lines("uno\ndos\ntres\n", "uno\nDOS\ntres\ncuatro\n");
        let marked: Vec<(Change, &str)> = diff
            .iter()
            .map(|line| (line.change, line.text.as_str()))
            .collect();
        assert_eq!(
            marked,
            vec![
                (Change::Kept, "uno"),
                (Change::Removed, "dos"),
                (Change::Added, "DOS"),
                (Change::Kept, "tres"),
                (Change::Added, "cuatro"),
            ]
        );
    }
}

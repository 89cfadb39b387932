//! A progress bar for long commands (`soporte search reindex`, `soporte docs import`):
//! redrawn in place on a terminal, a line per tenth otherwise (logs, CI).

use std::io::{IsTerminal, Write};

/// Characters of the bar itself.
const WIDTH: usize = 30;

/// One bar on standard error.
pub struct Bar {
    label: String,
    terminal: bool,
    /// The last tenth printed when not on a terminal.
    last_tenth: Option<u64>,
}

impl Bar {
    pub fn new(label: impl Into<String>) -> Bar {
        Bar {
            label: label.into(),
            terminal: std::io::stderr().is_terminal(),
            last_tenth: None,
        }
    }

    /// Shows `done` of `total`.
    pub fn set(&mut self, done: u64, total: u64) {
        let line = render(&self.label, done, total);
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r{line}");
        } else {
            let tenth = percent(done, total) / 10;
            if self.last_tenth == Some(tenth) {
                return;
            }
            self.last_tenth = Some(tenth);
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }

    /// Ends the bar's line.
    pub fn finish(&mut self) {
        if self.terminal {
            let _ = writeln!(std::io::stderr());
        }
    }
}

fn percent(done: u64, total: u64) -> u64 {
    (done.min(total) * 100).checked_div(total).unwrap_or(100)
}

/// `label [#########.....]  60 % (600/1000)`
pub fn render(label: &str, done: u64, total: u64) -> String {
    let percent = percent(done, total);
    let filled = usize::try_from(percent).unwrap_or(100) * WIDTH / 100;
    format!(
        "{label} [{}{}] {percent:>3} % ({done}/{total})",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn the_bar_fills_with_the_work() {
        assert_eq!(
            render("Reindexando", 0, 10),
            format!("Reindexando [{}]   0 % (0/10)", ".".repeat(30))
        );
        assert_eq!(
            render("x", 5, 10),
            format!("x [{}{}]  50 % (5/10)", "#".repeat(15), ".".repeat(15))
        );
        assert_eq!(
            render("x", 0, 0),
            format!("x [{}] 100 % (0/0)", "#".repeat(30))
        );
        assert!(render("x", 12, 10).contains("100 %"));
    }
}

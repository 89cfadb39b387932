//! A progress bar for long commands (`soporte search reindex`, `soporte docs import`),
//! drawn by indicatif on a terminal. Off a terminal (logs, CI) indicatif draws nothing,
//! so the bar says once, when the work ends, how much was done.

use indicatif::{ProgressBar, ProgressStyle};

/// One bar on standard error.
pub struct Bar {
    bar: ProgressBar,
    label: String,
}

impl Bar {
    pub fn new(label: impl Into<String>) -> Bar {
        let label = label.into();
        let bar = ProgressBar::new(0);
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:30}] {percent:>3} % ({pos}/{len})")
        {
            bar.set_style(style.progress_chars("#>."));
        }
        bar.set_message(label.clone());
        Bar { bar, label }
    }

    /// Shows `done` of `total`.
    pub fn set(&mut self, done: u64, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(done);
    }

    /// Ends the bar; off a terminal, says how much was done.
    pub fn finish(&mut self) {
        self.bar.finish();
        if self.bar.is_hidden() {
            let (done, total) = (self.bar.position(), self.bar.length().unwrap_or(0));
            eprintln!(
                "{}: {} % ({done}/{total})",
                self.label,
                percent(done, total)
            );
        }
    }
}

fn percent(done: u64, total: u64) -> u64 {
    (done.min(total) * 100).checked_div(total).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn the_share_done_is_whole_percent() {
        assert_eq!(percent(0, 10), 0);
        assert_eq!(percent(5, 10), 50);
        assert_eq!(percent(0, 0), 100);
        assert_eq!(percent(12, 10), 100);
    }
}

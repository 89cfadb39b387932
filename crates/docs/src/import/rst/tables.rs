//! Table layouts read into rows of cell source text: grid tables drawn with `+-=|`
//! (spanning cells keep their text in their first row and column), simple tables
//! ruled with `=`, and the CSV of `.. csv-table::`.

use std::collections::HashSet;

use super::blocks::dedent;

/// The rows of a grid table, or None when its drawing does not close into cells.
pub(super) fn grid(lines: &[String]) -> Option<Vec<Vec<String>>> {
    let grid: Vec<Vec<char>> = lines.iter().map(|line| line.chars().collect()).collect();
    let at = |y: usize, x: usize| {
        grid.get(y)
            .and_then(|row| row.get(x))
            .copied()
            .unwrap_or(' ')
    };
    // Each cell is found from its top-left corner, which gives the corners of the
    // cells to its right and below.
    let mut cells = Vec::new();
    let mut corners = vec![(0, 0)];
    let mut seen = HashSet::new();
    while let Some((top, left)) = corners.pop() {
        if !seen.insert((top, left)) || at(top, left) != '+' {
            continue;
        }
        if let Some((bottom, right)) = cell_from(&at, top, left) {
            cells.push((top, left, bottom, right));
            corners.push((top, right));
            corners.push((bottom, left));
        }
    }
    if cells.is_empty() {
        return None;
    }
    let ys = sorted(cells.iter().flat_map(|cell| [cell.0, cell.2]).collect());
    let xs = sorted(cells.iter().flat_map(|cell| [cell.1, cell.3]).collect());
    let mut rows = vec![vec![String::new(); xs.len() - 1]; ys.len() - 1];
    for (top, left, bottom, right) in cells {
        let (Ok(row), Ok(column)) = (ys.binary_search(&top), xs.binary_search(&left)) else {
            continue;
        };
        let text: Vec<String> = (top + 1..bottom)
            .map(|y| {
                (left + 1..right)
                    .map(|x| at(y, x))
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect();
        if let Some(slot) = rows.get_mut(row).and_then(|cells| cells.get_mut(column)) {
            *slot = dedent(&text).join("\n").trim_matches('\n').to_owned();
        }
    }
    Some(rows)
}

fn sorted(mut lines: Vec<usize>) -> Vec<usize> {
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// The bottom-right corner of the cell whose top-left corner is at (top, left).
fn cell_from(
    at: &impl Fn(usize, usize) -> char,
    top: usize,
    left: usize,
) -> Option<(usize, usize)> {
    let mut right = left + 1;
    loop {
        match at(top, right) {
            '-' | '=' => {}
            '+' => {
                if let Some(bottom) = bottom_of(at, top, left, right) {
                    return Some((bottom, right));
                }
            }
            _ => return None,
        }
        right += 1;
    }
}

fn bottom_of(
    at: &impl Fn(usize, usize) -> char,
    top: usize,
    left: usize,
    right: usize,
) -> Option<usize> {
    let mut bottom = top + 1;
    loop {
        match at(bottom, right) {
            '|' => {}
            '+' => {
                let floor = at(bottom, left) == '+'
                    && (left + 1..right).all(|x| matches!(at(bottom, x), '-' | '=' | '+'));
                let wall = (top + 1..bottom).all(|y| matches!(at(y, left), '|' | '+'));
                if floor && wall {
                    return Some(bottom);
                }
            }
            _ => return None,
        }
        bottom += 1;
    }
}

fn is_border(line: &str) -> bool {
    line.starts_with('=') && line.chars().all(|c| c == '=' || c == ' ')
}

/// Where a simple table starting at `start` ends: after the border line that is
/// followed by a blank line or the end.
pub(super) fn simple_end(lines: &[String], start: usize) -> Option<usize> {
    if !is_border(&lines[start]) || lines.get(start + 1).is_none_or(|line| line.is_empty()) {
        return None;
    }
    // A table longer than this is taken for text with a border-like line.
    for k in start + 1..lines.len().min(start + 2000) {
        let next_blank = lines.get(k + 1).is_none_or(|line| line.is_empty());
        if is_border(&lines[k]) && next_blank {
            return Some(k + 1);
        }
        if lines[k].is_empty() && next_blank {
            return None;
        }
    }
    None
}

/// The rows of a simple table: columns are the `=` runs of its first border; a line
/// whose first column is blank continues the row above.
pub(super) fn simple(lines: &[String]) -> Vec<Vec<String>> {
    let Some(border) = lines.first() else {
        return Vec::new();
    };
    let border: Vec<char> = border.chars().collect();
    let starts: Vec<usize> = (0..border.len())
        .filter(|&k| border[k] == '=' && (k == 0 || border[k - 1] == ' '))
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut continues = false;
    for line in &lines[1..] {
        let rule = line.chars().all(|c| c == '-' || c == ' ');
        if line.is_empty() || is_border(line) || rule {
            continues &= line.is_empty();
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let cells: Vec<String> = starts
            .iter()
            .enumerate()
            .map(|(k, &from)| {
                let to = starts
                    .get(k + 1)
                    .map_or(chars.len(), |&next| next.min(chars.len()));
                chars
                    .get(from..to)
                    .unwrap_or_default()
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_owned()
            })
            .collect();
        match rows.last_mut() {
            Some(last) if continues && cells.first().is_some_and(String::is_empty) => {
                for (slot, text) in last
                    .iter_mut()
                    .zip(cells)
                    .filter(|(_, text)| !text.is_empty())
                {
                    if !slot.is_empty() {
                        slot.push('\n');
                    }
                    slot.push_str(&text);
                }
            }
            _ => {
                rows.push(cells);
                continues = true;
            }
        }
    }
    rows
}

/// CSV rows: fields split at `delimiter`, optionally quoted with `"` (`""` inside
/// quotes is one quote), spaces after a delimiter ignored.
pub(super) fn csv(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            _ if quoted => field.push(c),
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            '\n' => {
                row.push(std::mem::take(&mut field).trim().to_owned());
                if row.iter().any(|cell| !cell.is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
            }
            _ if c == delimiter => row.push(std::mem::take(&mut field).trim().to_owned()),
            _ => field.push(c),
        }
    }
    row.push(field.trim().to_owned());
    if row.iter().any(|cell| !cell.is_empty()) {
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn grid_tables_with_spans() {
        let table = lines(
            "+------+-------+-----+\n\
             | Uno  | Dos   | x   |\n\
             +======+=======+=====+\n\
             | a    | b, en dos   |\n\
             | c    | líneas      |\n\
             +------+-------+-----+\n\
             | alto | d     | e   |\n\
             |      +-------+-----+\n\
             |      | f     | g   |\n\
             +------+-------+-----+",
        );
        assert_eq!(
            grid(&table),
            Some(vec![
                vec!["Uno".into(), "Dos".into(), "x".into()],
                vec!["a\nc".into(), "b, en dos\nlíneas".into(), String::new()],
                vec!["alto".into(), "d".into(), "e".into()],
                vec![String::new(), "f".into(), "g".into()],
            ])
        );
        assert_eq!(grid(&lines("+---+\n| a\n+---+")), None);
    }

    #[test]
    fn simple_tables_with_continuations() {
        let table = lines(
            "=====  =====\nA      B\n=====  =====\n1      uno\n       sigue\n2      dos\n=====  =====\n\nDespués",
        );
        assert_eq!(simple_end(&table, 0), Some(7));
        assert_eq!(
            simple(&table[..7]),
            vec![
                vec!["A".to_owned(), "B".into()],
                vec!["1".into(), "uno\nsigue".into()],
                vec!["2".into(), "dos".into()],
            ]
        );
        assert_eq!(simple_end(&lines("=====\n\ntexto"), 0), None);
    }

    #[test]
    fn csv_fields_and_quotes() {
        assert_eq!(
            csv("a, \"b, c\", \"d \"\"e\"\"\"\n\nf;g", ','),
            vec![
                vec!["a".to_owned(), "b, c".into(), "d \"e\"".into()],
                vec!["f;g".into()]
            ]
        );
        assert_eq!(csv("f;g", ';'), vec![vec!["f".to_owned(), "g".into()]]);
    }
}

//! Moodle's GIFT format, read and written: question banks come in and go out as GIFT
//! files (`soporte certification import-gift FILE`). The reading follows what Moodle's
//! own importer does (a question per block of lines, comments, `$CATEGORY:`, names,
//! text formats, escapes, every question type, per-answer and general feedback,
//! weights from Moodle's fixed list), and is stricter where Moodle would quietly store
//! something else than what was written: every such case is an error that names its
//! line, and a file with any error imports nothing. Plain functions over text; no I/O.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// How a text is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Moodle's own format (the default).
    #[default]
    Moodle,
    Html,
    Plain,
    Markdown,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Moodle,
        Format::Html,
        Format::Plain,
        Format::Markdown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Moodle => "moodle",
            Format::Html => "html",
            Format::Plain => "plain",
            Format::Markdown => "markdown",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == text)
    }
}

/// A text and its format.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub format: Format,
    pub text: String,
}

/// A grade for an answer, from Moodle's fixed list (100 %, 90 %, 83.33333 % … 5 %, 0 and
/// their negatives), in hundred-thousandths of a percent: 100 % is 10,000,000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct Grade(i32);

impl TryFrom<i32> for Grade {
    type Error = String;

    fn try_from(value: i32) -> Result<Grade, String> {
        GRADES
            .contains(&value.abs())
            .then_some(Grade(value))
            .ok_or_else(|| format!("{value} is not one of Moodle's grades"))
    }
}

impl From<Grade> for i32 {
    fn from(grade: Grade) -> i32 {
        grade.0
    }
}

/// The grades Moodle takes, in hundred-thousandths of a percent.
const GRADES: [i32; 21] = [
    10_000_000, 9_000_000, 8_333_333, 8_000_000, 7_500_000, 7_000_000, 6_666_667, 6_000_000,
    5_000_000, 4_000_000, 3_333_333, 3_000_000, 2_500_000, 2_000_000, 1_666_667, 1_428_571,
    1_250_000, 1_111_111, 1_000_000, 500_000, 0,
];

impl Grade {
    pub const FULL: Grade = Grade(10_000_000);
    pub const NONE: Grade = Grade(0);

    /// A percentage as written (`50`, `-100`, `33.33333`): one of Moodle's grades, or
    /// nothing (`33.3` is not a third; Moodle takes a third from `33.333` on).
    pub fn percent(text: &str) -> Option<Grade> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty()
            || whole.len() > 3
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        // In hundred-millionths of a percent, then to the nearest grade within 0.001 %.
        let mut fine: i64 = whole.parse::<i64>().ok()? * 100_000_000;
        let mut scale = 10_000_000;
        for digit in fraction.bytes().take(8) {
            fine += i64::from(digit - b'0') * scale;
            scale /= 10;
        }
        let grade = GRADES
            .iter()
            .find(|grade| (i64::from(**grade) * 1_000 - fine).abs() < 100_000)?;
        Some(Grade(if negative { -grade } else { *grade }))
    }

    /// As a percentage, as GIFT writes it (`50`, `-33.33333`).
    pub fn written(self) -> String {
        let whole = self.0 / 100_000;
        let rest = (self.0 % 100_000).abs();
        if rest == 0 {
            format!("{whole}")
        } else {
            let sign = if self.0 < 0 && whole == 0 { "-" } else { "" };
            format!("{sign}{whole}.{rest:05}")
                .trim_end_matches('0')
                .to_owned()
        }
    }

    /// The share of the question's mark, 0 to 1 (negative for a penalty).
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 10_000_000.0
    }

    pub fn hundred_thousandths(self) -> i32 {
        self.0
    }
}

/// An answer of a choice or short-answer question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub grade: Grade,
    pub text: Text,
    pub feedback: Option<Text>,
}

/// A numerical answer: `value ± tolerance`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Number {
    pub grade: Grade,
    pub value: f64,
    pub tolerance: f64,
    pub feedback: Option<Text>,
}

/// What kind of question, with its answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    /// Text only, nothing to answer.
    Description,
    /// A free text answer, graded by a person.
    Essay,
    /// True or false; `wrong` is said to who picks the wrong one, `right` to who picks
    /// the right one (the first and second `#` of the block, as Moodle reads them).
    TrueFalse {
        answer: bool,
        wrong: Option<Text>,
        right: Option<Text>,
    },
    /// Multiple choice: one answer (`=right ~wrong`) or several (`~%50%a ~%50%b`).
    Choice {
        multiple: bool,
        answers: Vec<Answer>,
    },
    /// Short answer: the accepted answers.
    Short { answers: Vec<Answer> },
    /// Matching: each left side with its right side; an empty left side is a
    /// distractor.
    Matching { pairs: Vec<(Text, String)> },
    /// Numerical.
    Numerical { answers: Vec<Number> },
}

/// A question as a GIFT file gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The line it starts on.
    pub line: usize,
    /// The category it is in (the last `$CATEGORY:` before it), as a path.
    pub category: Option<String>,
    pub name: Option<String>,
    /// The `[id:…]` and `[tag:…]` of the comments before it.
    pub id: Option<String>,
    pub tags: Vec<String>,
    /// Its text; for a missing-word question, the text before the blank.
    pub text: Text,
    /// For a missing-word question, the text after the blank.
    pub after: Option<String>,
    pub kind: Kind,
    pub general_feedback: Option<Text>,
}

/// What is wrong in a GIFT file, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The line it is on, from 1.
    pub line: usize,
    pub kind: ErrorKind,
}

/// What is wrong; each has a Fluent id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A `{` without its `}`, or a `}` without its `{`.
    Brace,
    /// More than one answer block in a question.
    TwoBlocks,
    /// `::name` without the closing `::`.
    UnclosedName,
    /// A multiple choice question with fewer than two answers.
    TooFewChoices,
    /// A single-answer multiple choice question with no answer worth 100 %.
    NoRightChoice,
    /// A multiple-answer question whose positive grades do not add up to 100 %.
    GradesDoNotAddUp,
    /// A matching question with fewer than two pairs.
    TooFewPairs,
    /// A matching pair without `->`.
    PairWithoutArrow,
    /// A short answer or numerical question without answers.
    NoAnswers,
    /// An answer with no text.
    EmptyAnswer,
    /// A number that is not one.
    NotANumber(String),
    /// A grade that is not a percentage of Moodle's list.
    BadGrade(String),
    /// `=%50%…` in a multiple choice question: its grade would be lost.
    GradeAfterEquals,
    /// An empty `$CATEGORY:`.
    EmptyCategory,
    /// A file with no question.
    Empty,
}

impl ErrorKind {
    pub fn message_id(&self) -> &'static str {
        match self {
            ErrorKind::Brace => "gift-brace",
            ErrorKind::TwoBlocks => "gift-two-blocks",
            ErrorKind::UnclosedName => "gift-unclosed-name",
            ErrorKind::TooFewChoices => "gift-too-few-choices",
            ErrorKind::NoRightChoice => "gift-no-right-choice",
            ErrorKind::GradesDoNotAddUp => "gift-grades-sum",
            ErrorKind::TooFewPairs => "gift-too-few-pairs",
            ErrorKind::PairWithoutArrow => "gift-pair-arrow",
            ErrorKind::NoAnswers => "gift-no-answers",
            ErrorKind::EmptyAnswer => "gift-empty-answer",
            ErrorKind::NotANumber(_) => "gift-not-a-number",
            ErrorKind::BadGrade(_) => "gift-bad-grade",
            ErrorKind::GradeAfterEquals => "gift-grade-after-equals",
            ErrorKind::EmptyCategory => "gift-empty-category",
            ErrorKind::Empty => "gift-empty",
        }
    }

    /// What the message quotes, if anything.
    pub fn quoted(&self) -> Option<&str> {
        match self {
            ErrorKind::NotANumber(text) | ErrorKind::BadGrade(text) => Some(text),
            _ => None,
        }
    }
}

// Escaped characters stand in the private use area while a block is split, so no
// splitting sees them; they are turned back when a text is taken out.
const ESCAPES: [(char, char); 7] = [
    ('~', '\u{E000}'),
    ('=', '\u{E001}'),
    ('#', '\u{E002}'),
    ('{', '\u{E003}'),
    ('}', '\u{E004}'),
    (':', '\u{E005}'),
    ('\\', '\u{E006}'),
];

/// `text` with its escapes (`\~ \= \# \{ \} \: \\`, and `\n` for a line break) hidden.
fn hide_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('n') => {
                chars.next();
                out.push(LINE_BREAK);
            }
            Some(next) => match ESCAPES.iter().find(|(plain, _)| *plain == next) {
                Some((_, hidden)) => {
                    chars.next();
                    out.push(*hidden);
                }
                None => out.push('\\'),
            },
            None => out.push('\\'),
        }
    }
    out
}

/// An escaped line break (`\n`) while hidden: not a line of the file.
const LINE_BREAK: char = '\u{E007}';

/// `text` with its hidden escapes back as the characters they stand for.
fn reveal(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            LINE_BREAK => '\n',
            c => ESCAPES
                .iter()
                .find(|(_, hidden)| *hidden == c)
                .map_or(c, |(plain, _)| *plain),
        })
        .collect()
}

/// A text with its optional `[format]` prefix (else `default`), trimmed and revealed.
fn text_of(raw: &str, default: Format) -> Text {
    let raw = raw.trim();
    if let Some(rest) = raw.strip_prefix('[')
        && let Some((word, text)) = rest.split_once(']')
        && let Some(format) = Format::parse(word)
    {
        return Text {
            format,
            text: reveal(text.trim()),
        };
    }
    Text {
        format: default,
        text: reveal(raw),
    }
}

/// One block of lines: where it starts, its lines (trimmed) and its comments.
struct Block {
    line: usize,
    lines: Vec<(usize, String)>,
    comments: Vec<String>,
}

/// The blocks of `source`: runs of lines between blank lines, comment lines (`//`)
/// taken out of them.
fn blocks(source: &str) -> Vec<Block> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    for (at, line) in source.split('\n').enumerate() {
        let number = at + 1;
        let line = line.trim();
        if line.is_empty() {
            if let Some(block) = current.take()
                && !block.lines.is_empty()
            {
                out.push(block);
            }
            continue;
        }
        let block = current.get_or_insert_with(|| Block {
            line: number,
            lines: Vec::new(),
            comments: Vec::new(),
        });
        if let Some(comment) = line.strip_prefix("//") {
            block.comments.push(comment.to_owned());
        } else {
            if block.lines.is_empty() {
                block.line = number;
            }
            block.lines.push((number, line.to_owned()));
        }
    }
    if let Some(block) = current
        && !block.lines.is_empty()
    {
        out.push(block);
    }
    out
}

/// The `[id:…]` and `[tag:…]` of a block's comments.
fn id_and_tags(comments: &[String]) -> (Option<String>, Vec<String>) {
    let mut id = None;
    let mut tags = Vec::new();
    for comment in comments {
        let mut rest = comment.as_str();
        while let Some(start) = rest.find('[') {
            rest = &rest[start + 1..];
            let Some(end) = rest.find(']') else { break };
            let inner = &rest[..end];
            if let Some(value) = inner.strip_prefix("id:") {
                if id.is_none() && !value.trim().is_empty() {
                    id = Some(value.trim().to_owned());
                }
            } else if let Some(value) = inner.strip_prefix("tag:")
                && !value.trim().is_empty()
            {
                tags.push(value.trim().to_owned());
            }
            rest = &rest[end + 1..];
        }
    }
    (id, tags)
}

/// The file's line of byte `at` of `text` (a block's lines joined by `\n`, its escapes
/// hidden: each line break in it is one between the block's lines).
fn line_at(block: &Block, text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or(text).matches('\n').count();
    block
        .lines
        .get(before)
        .or(block.lines.last())
        .map_or(block.line, |(number, _)| *number)
}

/// Reads a GIFT file: every question, or every error (a file with errors gives none).
pub fn parse(source: &str) -> Result<Vec<Question>, Vec<Error>> {
    let source = source.replace("\r\n", "\n").replace('\r', "\n");
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    let mut category: Option<String> = None;
    for block in blocks(&source) {
        let joined: String = block
            .lines
            .iter()
            .map(|(_, line)| line.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if let Some(path) = joined.strip_prefix("$CATEGORY:") {
            let path = path.trim();
            if path.is_empty() {
                errors.push(Error {
                    line: block.line,
                    kind: ErrorKind::EmptyCategory,
                });
            } else {
                category = Some(reveal(&hide_escapes(path)));
            }
            continue;
        }
        match question(&block, &hide_escapes(&joined), category.clone()) {
            Ok(question) => questions.push(question),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() && questions.is_empty() {
        errors.push(Error {
            line: 1,
            kind: ErrorKind::Empty,
        });
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

fn question(block: &Block, text: &str, category: Option<String>) -> Result<Question, Error> {
    let fail = |at: usize, kind: ErrorKind| Error {
        line: line_at(block, text, at),
        kind,
    };
    // The name.
    let (name, body, offset) = match text.strip_prefix("::") {
        Some(rest) => {
            let end = rest.find("::").ok_or(fail(0, ErrorKind::UnclosedName))?;
            let name = reveal(rest[..end].trim());
            let body = &rest[end + 2..];
            (
                Some(name).filter(|name| !name.is_empty()),
                body,
                text.len() - body.len(),
            )
        }
        None => (None, text, 0),
    };
    // The answer block.
    let open = body.find('{');
    let close = body.find('}');
    let (stem, answers, after) = match (open, close) {
        (None, None) => (body, None, None),
        (Some(open), Some(close)) if open < close => {
            let rest = &body[close + 1..];
            if let Some(at) = rest.find('{') {
                return Err(fail(offset + close + 1 + at, ErrorKind::TwoBlocks));
            }
            if let Some(at) = rest.find('}') {
                return Err(fail(offset + close + 1 + at, ErrorKind::Brace));
            }
            if body[open + 1..close].contains('{') {
                return Err(fail(offset + open, ErrorKind::Brace));
            }
            let after = rest.trim();
            (
                &body[..open],
                Some((&body[open + 1..close], offset + open + 1)),
                (!after.is_empty()).then(|| reveal(after)),
            )
        }
        (Some(at), _) | (None, Some(at)) => return Err(fail(offset + at, ErrorKind::Brace)),
    };
    let stem = text_of(stem, Format::Moodle);
    let (id, tags) = id_and_tags(&block.comments);
    let mut question = Question {
        line: block.line,
        category,
        name,
        id,
        tags,
        text: stem,
        after,
        kind: Kind::Description,
        general_feedback: None,
    };
    let Some((answers, at)) = answers else {
        return Ok(question);
    };
    let format = question.text.format;
    let (answers, general) = match answers.rfind("####") {
        Some(split) => (
            &answers[..split],
            Some(text_of(&answers[split + 4..], format)),
        ),
        None => (answers, None),
    };
    question.general_feedback = general.filter(|feedback| !feedback.text.is_empty());
    question.kind = kind(answers.trim(), format).map_err(|kind| fail(at, kind))?;
    Ok(question)
}

/// `answer#feedback` read apart; the feedback `None` when there is none.
fn with_feedback(raw: &str, format: Format) -> (Text, Option<Text>) {
    match raw.split_once('#') {
        Some((answer, feedback)) => {
            let feedback = text_of(feedback, format);
            (
                text_of(answer, format),
                (!feedback.text.is_empty()).then_some(feedback),
            )
        }
        None => (text_of(raw, format), None),
    }
}

/// A leading `%n%` grade of `raw`, and the rest.
fn grade_of(raw: &str) -> Result<(Option<Grade>, &str), ErrorKind> {
    let raw = raw.trim_start();
    let Some(rest) = raw.strip_prefix('%') else {
        return Ok((None, raw));
    };
    let Some((percent, rest)) = rest.split_once('%') else {
        return Err(ErrorKind::BadGrade(raw.chars().take(12).collect()));
    };
    let grade = Grade::percent(percent).ok_or_else(|| ErrorKind::BadGrade(percent.to_owned()))?;
    Ok((Some(grade), rest))
}

/// `text` split before each of `marks`, the first (empty) piece dropped when the text
/// starts with a mark.
fn pieces(text: &str, marks: &[char]) -> Vec<(char, String)> {
    let mut out: Vec<(char, String)> = Vec::new();
    let mut mark = ' ';
    let mut piece = String::new();
    for c in text.chars() {
        if marks.contains(&c) {
            if mark != ' ' || !piece.trim().is_empty() {
                out.push((mark, std::mem::take(&mut piece)));
            }
            piece.clear();
            mark = c;
        } else {
            piece.push(c);
        }
    }
    if mark != ' ' || !piece.trim().is_empty() {
        out.push((mark, piece));
    }
    out
}

fn kind(answers: &str, format: Format) -> Result<Kind, ErrorKind> {
    if answers.is_empty() {
        return Ok(Kind::Essay);
    }
    if let Some(numbers) = answers.strip_prefix('#') {
        return numerical(numbers, format);
    }
    if answers.contains('~') {
        return choice(answers, format);
    }
    if answers.contains('=') && answers.contains("->") {
        return matching(answers, format);
    }
    let head = answers.split('#').next().unwrap_or_default().trim();
    if let Some(answer) = match head {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    } {
        let mut feedbacks = answers
            .splitn(3, '#')
            .skip(1)
            .map(|text| text_of(text, format));
        let mut next = || feedbacks.next().filter(|text| !text.text.is_empty());
        let wrong = next();
        let right = next();
        return Ok(Kind::TrueFalse {
            answer,
            wrong,
            right,
        });
    }
    short(answers, format)
}

fn choice(answers: &str, format: Format) -> Result<Kind, ErrorKind> {
    let multiple = !answers.contains('=');
    let mut out = Vec::new();
    for (mark, raw) in pieces(answers, &['=', '~']) {
        // Text before the first mark is a wrong answer, as Moodle reads it.
        let (grade, rest) = grade_of(&raw)?;
        let grade = match (mark, grade) {
            ('=', Some(_)) => return Err(ErrorKind::GradeAfterEquals),
            ('=', None) => Grade::FULL,
            (_, grade) => grade.unwrap_or(Grade::NONE),
        };
        let (text, feedback) = with_feedback(rest, format);
        if text.text.is_empty() {
            return Err(ErrorKind::EmptyAnswer);
        }
        out.push(Answer {
            grade,
            text,
            feedback,
        });
    }
    if out.len() < 2 {
        return Err(ErrorKind::TooFewChoices);
    }
    if multiple {
        let positive: i64 = out
            .iter()
            .map(|answer| i64::from(answer.grade.0.max(0)))
            .sum();
        if (positive - 10_000_000).abs() > 100 {
            return Err(ErrorKind::GradesDoNotAddUp);
        }
    } else if !out.iter().any(|answer| answer.grade == Grade::FULL) {
        return Err(ErrorKind::NoRightChoice);
    }
    Ok(Kind::Choice {
        multiple,
        answers: out,
    })
}

fn short(answers: &str, format: Format) -> Result<Kind, ErrorKind> {
    let mut out = Vec::new();
    for (_, raw) in pieces(answers, &['=']) {
        let (grade, rest) = grade_of(&raw)?;
        let (text, feedback) = with_feedback(rest, format);
        if text.text.is_empty() {
            return Err(ErrorKind::EmptyAnswer);
        }
        out.push(Answer {
            grade: grade.unwrap_or(Grade::FULL),
            text,
            feedback,
        });
    }
    if out.is_empty() {
        return Err(ErrorKind::NoAnswers);
    }
    Ok(Kind::Short { answers: out })
}

fn matching(answers: &str, format: Format) -> Result<Kind, ErrorKind> {
    let mut pairs = Vec::new();
    for (_, raw) in pieces(answers, &['=']) {
        let (left, right) = raw.split_once("->").ok_or(ErrorKind::PairWithoutArrow)?;
        let right = reveal(right.trim());
        if right.is_empty() {
            return Err(ErrorKind::EmptyAnswer);
        }
        pairs.push((text_of(left, format), right));
    }
    if pairs.len() < 2 {
        return Err(ErrorKind::TooFewPairs);
    }
    Ok(Kind::Matching { pairs })
}

fn number(text: &str) -> Result<f64, ErrorKind> {
    let text = text.trim();
    text.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .ok_or_else(|| ErrorKind::NotANumber(reveal(text)))
}

fn numerical(numbers: &str, format: Format) -> Result<Kind, ErrorKind> {
    let mut out = Vec::new();
    let single = !numbers.trim_start().starts_with('=');
    let raw: Vec<String> = if single {
        vec![numbers.to_owned()]
    } else {
        pieces(numbers, &['='])
            .into_iter()
            .map(|(_, raw)| raw)
            .collect()
    };
    for raw in raw {
        let (grade, rest) = grade_of(&raw)?;
        let (value, feedback) = match rest.split_once('#') {
            Some((value, feedback)) => {
                let feedback = text_of(feedback, format);
                (value, (!feedback.text.is_empty()).then_some(feedback))
            }
            None => (rest, None),
        };
        let (value, tolerance) = if let Some((low, high)) = value.split_once("..") {
            let (low, high) = (number(low)?, number(high)?);
            ((low + high) / 2.0, (high - low).abs() / 2.0)
        } else if let Some((value, tolerance)) = value.split_once(':') {
            (number(value)?, number(tolerance)?.abs())
        } else {
            (number(value)?, 0.0)
        };
        out.push(Number {
            grade: grade.unwrap_or(Grade::FULL),
            value,
            tolerance,
            feedback,
        });
    }
    if out.is_empty() {
        return Err(ErrorKind::NoAnswers);
    }
    Ok(Kind::Numerical { answers: out })
}

// ------------------------------------------------------------------ writing

/// `text` with GIFT's special characters escaped (and line breaks as `\n`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

/// A text as GIFT writes it: its format's prefix unless it is `default`'s.
fn write_text(text: &Text, default: Format) -> String {
    let body = escape(&text.text);
    if text.format == default {
        body
    } else {
        format!("[{}]{body}", text.format.as_str())
    }
}

fn write_feedback(feedback: &Option<Text>, format: Format) -> String {
    feedback.as_ref().map_or(String::new(), |text| {
        format!("#{}", write_text(text, format))
    })
}

/// A number as GIFT writes it (no exponent; as short as it reads back the same).
fn write_number(value: f64) -> String {
    let mut text = format!("{value}");
    if text.contains('e') {
        text = format!("{value:.12}");
        text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    text
}

/// Writes questions as a GIFT file that [`parse`] reads back the same.
pub fn write(questions: &[Question]) -> String {
    let mut out = String::new();
    let mut category: Option<&str> = None;
    for question in questions {
        if question.category.as_deref() != category {
            if let Some(path) = &question.category {
                let _ = write!(out, "$CATEGORY: {}\n\n", escape(path));
            }
            category = question.category.as_deref();
        }
        if question.id.is_some() || !question.tags.is_empty() {
            out.push_str("//");
            if let Some(id) = &question.id {
                let _ = write!(out, " [id:{id}]");
            }
            for tag in &question.tags {
                let _ = write!(out, " [tag:{tag}]");
            }
            out.push('\n');
        }
        if let Some(name) = &question.name {
            let _ = write!(out, "::{}::", escape(name));
        }
        let format = question.text.format;
        let stem = escape(&question.text.text);
        if format == Format::Moodle {
            out.push_str(&stem);
        } else {
            let _ = write!(out, "[{}]{stem}", format.as_str());
        }
        let block = answer_block(&question.kind, format);
        if let Some(mut block) = block {
            if let Some(feedback) = &question.general_feedback {
                let _ = write!(block, " ####{}", write_text(feedback, format));
            }
            let _ = write!(out, " {{{block}}}");
            if let Some(after) = &question.after {
                let _ = write!(out, " {}", escape(after));
            }
        }
        out.push_str("\n\n");
    }
    out
}

/// An answer's grade as written after its `=`: nothing for 100 %.
fn grade_prefix(grade: Grade) -> String {
    if grade == Grade::FULL {
        String::new()
    } else {
        format!("%{}%", grade.written())
    }
}

fn answer_block(kind: &Kind, format: Format) -> Option<String> {
    let mut block = String::new();
    match kind {
        Kind::Description => return None,
        Kind::Essay => {}
        Kind::TrueFalse {
            answer,
            wrong,
            right,
        } => {
            block.push_str(if *answer { "TRUE" } else { "FALSE" });
            if wrong.is_some() || right.is_some() {
                block.push_str(&write_feedback(wrong, format));
                if wrong.is_none() {
                    block.push('#');
                }
                block.push_str(&write_feedback(right, format));
            }
        }
        Kind::Choice { multiple, answers } => {
            for answer in answers {
                let mark = if !*multiple && answer.grade == Grade::FULL {
                    "=".to_owned()
                } else if answer.grade == Grade::NONE {
                    "~".to_owned()
                } else {
                    format!("~%{}%", answer.grade.written())
                };
                let _ = write!(
                    block,
                    "\n{mark}{}{}",
                    write_text(&answer.text, format),
                    write_feedback(&answer.feedback, format)
                );
            }
            block.push('\n');
        }
        Kind::Short { answers } => {
            for answer in answers {
                let grade = grade_prefix(answer.grade);
                let _ = write!(
                    block,
                    " ={grade}{}{}",
                    write_text(&answer.text, format),
                    write_feedback(&answer.feedback, format)
                );
            }
            block.push(' ');
        }
        Kind::Matching { pairs } => {
            for (left, right) in pairs {
                let _ = write!(
                    block,
                    "\n={} -> {}",
                    write_text(left, format),
                    escape(right)
                );
            }
            block.push('\n');
        }
        Kind::Numerical { answers } => {
            block.push('#');
            for answer in answers {
                let grade = grade_prefix(answer.grade);
                let _ = write!(
                    block,
                    "\n={grade}{}:{}{}",
                    write_number(answer.value),
                    write_number(answer.tolerance),
                    write_feedback(&answer.feedback, format)
                );
            }
            block.push('\n');
        }
    }
    Some(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every construct of the format, in questions of our own.
    pub const SAMPLE: &str = r#"// Banco de ejemplo de la Certificación Básica.
$CATEGORY: certificacion/instalacion

// [id:INST-1] [tag:arranque] [tag:usb]
::Medio de instalación::¿Desde dónde se instala MxOS en una laptop sin unidad óptica? {
  =Una memoria USB #Así es: la imagen se graba en la memoria.
  ~Un disquete #Ya casi ninguna laptop lo lee.
  ~Una red sin servidor
  ####El instalador arranca desde USB o desde la red con un servidor PXE.
}

El gestor de arranque de MxOS es {=GRUB =grub} y se configura al instalar.

::Particiones::MxOS puede instalarse junto a otro sistema operativo. {TRUE#Revisa la sección de arranque dual.#Correcto: el instalador ofrece el arranque dual.}

$CATEGORY: certificacion/administracion

[markdown]Escoge **todas** las órdenes que muestran el espacio en disco. {
  ~%50%df #Muestra el espacio por sistema de archivos.
  ~%50%du #Muestra lo que ocupa cada directorio.
  ~%-100%rm #¡Borra archivos!
}

Relaciona cada orden con lo que hace. {
  =ls -> lista archivos
  =cd -> cambia de directorio
  =pwd -> muestra el directorio actual
  = -> borra la pantalla
}

¿Cuántos bits tiene una dirección IPv4? {#32}

¿Cuánto mide π con dos decimales? {#
  =3.14:0.005 #Exacto.
  =%50%3.1:0.05 #Casi.
}

Un número entre 1 y 5 {#1..5}

Escribe la orden que muestra la ruta actual. {=pwd =%50%echo $PWD#Funciona, aunque es más larga.}

Describe cómo respaldarías tu directorio personal. {}

Esta sección trata de redes\: configuración\, rutas y nombres \{ y llaves \}.
"#;

    fn one(source: &str) -> Question {
        let mut questions = parse(source).unwrap_or_else(|errors| panic!("{errors:?}"));
        assert_eq!(questions.len(), 1);
        questions.remove(0)
    }

    #[test]
    fn every_kind_of_question_is_read() {
        let questions = parse(SAMPLE).unwrap();
        assert_eq!(questions.len(), 11);
        let first = &questions[0];
        assert_eq!(first.line, 5);
        assert_eq!(first.name.as_deref(), Some("Medio de instalación"));
        assert_eq!(first.category.as_deref(), Some("certificacion/instalacion"));
        assert_eq!(first.id.as_deref(), Some("INST-1"));
        assert_eq!(first.tags, ["arranque", "usb"]);
        assert_eq!(
            first.general_feedback.as_ref().map(|t| t.text.as_str()),
            Some("El instalador arranca desde USB o desde la red con un servidor PXE.")
        );
        let Kind::Choice { multiple, answers } = &first.kind else {
            panic!("{:?}", first.kind)
        };
        assert!(!multiple);
        assert_eq!(answers[0].grade, Grade::FULL);
        assert_eq!(answers[0].text.text, "Una memoria USB");
        assert_eq!(
            answers[0].feedback.as_ref().map(|t| t.text.as_str()),
            Some("Así es: la imagen se graba en la memoria.")
        );
        assert_eq!(answers[2].feedback, None);

        // Missing word: the text around the blank.
        assert_eq!(questions[1].text.text, "El gestor de arranque de MxOS es");
        assert_eq!(
            questions[1].after.as_deref(),
            Some("y se configura al instalar.")
        );
        assert!(matches!(&questions[1].kind, Kind::Short { answers } if answers.len() == 2));

        // True/false: the first feedback for a wrong answer, the second for a right one.
        let Kind::TrueFalse {
            answer,
            wrong,
            right,
        } = &questions[2].kind
        else {
            panic!()
        };
        assert!(*answer);
        assert_eq!(
            wrong.as_ref().map(|t| t.text.as_str()),
            Some("Revisa la sección de arranque dual.")
        );
        assert!(
            right
                .as_ref()
                .is_some_and(|t| t.text.starts_with("Correcto"))
        );

        let several = &questions[3];
        assert_eq!(
            several.category.as_deref(),
            Some("certificacion/administracion")
        );
        assert_eq!(several.text.format, Format::Markdown);
        let Kind::Choice { multiple, answers } = &several.kind else {
            panic!()
        };
        assert!(*multiple);
        assert_eq!(answers[2].grade.fraction(), -1.0);
        assert_eq!(
            answers[0].text.format,
            Format::Markdown,
            "answers take the stem's format"
        );

        let Kind::Matching { pairs } = &questions[4].kind else {
            panic!()
        };
        assert_eq!(pairs.len(), 4);
        assert_eq!(pairs[3].0.text, "", "a distractor");
        assert_eq!(pairs[1].1, "cambia de directorio");

        let Kind::Numerical { answers } = &questions[5].kind else {
            panic!()
        };
        assert_eq!((answers[0].value, answers[0].tolerance), (32.0, 0.0));
        let Kind::Numerical { answers } = &questions[6].kind else {
            panic!()
        };
        assert_eq!(answers.len(), 2);
        assert_eq!(answers[1].grade, Grade::percent("50").unwrap());
        assert_eq!((answers[1].value, answers[1].tolerance), (3.1, 0.05));
        let Kind::Numerical { answers } = &questions[7].kind else {
            panic!()
        };
        assert_eq!((answers[0].value, answers[0].tolerance), (3.0, 2.0));

        let Kind::Short { answers } = &questions[8].kind else {
            panic!()
        };
        assert_eq!(answers[1].grade.fraction(), 0.5);
        assert_eq!(answers[1].text.text, "echo $PWD");
        assert!(matches!(questions[9].kind, Kind::Essay));
        assert!(matches!(questions[10].kind, Kind::Description));
        assert_eq!(
            questions[10].text.text,
            "Esta sección trata de redes: configuración\\, rutas y nombres { y llaves }."
        );
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let questions = parse(SAMPLE).unwrap();
        let written = write(&questions);
        let again = parse(&written).unwrap_or_else(|errors| panic!("{errors:?}\n{written}"));
        let lines = |qs: &[Question]| -> Vec<Question> {
            qs.iter()
                .cloned()
                .map(|q| Question { line: 0, ..q })
                .collect()
        };
        assert_eq!(lines(&again), lines(&questions), "{written}");
        assert_eq!(write(&again), written);
    }

    #[test]
    fn escapes_and_line_breaks_in_texts() {
        let question = one("Cita \\~ \\= \\# \\{ \\} \\: \\\\ y\\nsalto {=a\\=b\\#c ~d\\~e}");
        assert_eq!(question.text.text, "Cita ~ = # { } : \\ y\nsalto");
        let Kind::Choice { answers, .. } = question.kind else {
            panic!()
        };
        assert_eq!(answers[0].text.text, "a=b#c");
        assert_eq!(answers[1].text.text, "d~e");
        // Unescaped = and : in a question's text are text.
        assert_eq!(
            one("Visita http://mxos.mx: ¿1+1=2? {T}").text.text,
            "Visita http://mxos.mx: ¿1+1=2?"
        );
    }

    #[test]
    fn grades_come_from_moodles_list() {
        assert_eq!(
            Grade::percent("33.333").map(Grade::written).as_deref(),
            Some("33.33333")
        );
        assert_eq!(Grade::percent("33.3"), None);
        assert_eq!(Grade::percent("150"), None);
        assert_eq!(
            Grade::percent("-12.5").map(Grade::written).as_deref(),
            Some("-12.5")
        );
        assert_eq!(Grade::percent("abc"), None);
        assert_eq!(Grade::percent(""), None);
        for grade in GRADES {
            let written = Grade(grade).written();
            assert_eq!(Grade::percent(&written), Some(Grade(grade)), "{written}");
        }
    }

    fn errors(source: &str) -> Vec<(usize, ErrorKind)> {
        parse(source)
            .unwrap_err()
            .into_iter()
            .map(|error| (error.line, error.kind))
            .collect()
    }

    #[test]
    fn each_mistake_is_named_with_its_line() {
        assert_eq!(
            errors("Sin cerrar {=a ~b\n\nOtra {T}"),
            [(1, ErrorKind::Brace)]
        );
        assert_eq!(errors("Suelta } aquí"), [(1, ErrorKind::Brace)]);
        assert_eq!(errors("Dos {=a} y {=b}"), [(1, ErrorKind::TwoBlocks)]);
        assert_eq!(
            errors("::Sin cerrar el nombre {T}"),
            [(1, ErrorKind::UnclosedName)]
        );
        assert_eq!(errors("Una {~sola}"), [(1, ErrorKind::TooFewChoices)]);
        assert_eq!(
            errors("Ninguna {~a ~b}"),
            [(1, ErrorKind::GradesDoNotAddUp)]
        );
        assert_eq!(
            errors("Sin correcta {=%50%a ~b}"),
            [(1, ErrorKind::GradeAfterEquals)]
        );
        assert!(
            parse("Mitad {~%50%a ~b =c}").is_ok(),
            "partial credit beside a right answer"
        );
        assert_eq!(errors("Un par {=a -> 1}"), [(1, ErrorKind::TooFewPairs)]);
        assert_eq!(
            errors("Pares {=a -> 1 =b}"),
            [(1, ErrorKind::PairWithoutArrow)]
        );
        assert_eq!(
            errors("Número {#abc}"),
            [(1, ErrorKind::NotANumber("abc".to_owned()))]
        );
        assert_eq!(
            errors("Peso {~%33.3%a ~%66.66667%b}"),
            [(1, ErrorKind::BadGrade("33.3".to_owned()))]
        );
        assert_eq!(errors("// solo un comentario\n"), [(1, ErrorKind::Empty)]);
        assert_eq!(
            errors("$CATEGORY:\n\nP {T}"),
            [(1, ErrorKind::EmptyCategory)]
        );
        // Every error of the file at once, each on its line: a bank of 56 good lines,
        // a question with a syntax error on line 57 (its answers never closed), then
        // more.
        let mut lines: Vec<String> = Vec::new();
        for n in 1..=18 {
            lines.push(format!("// Pregunta {n}"));
            lines.push(format!(
                "::P{n}:: ¿{n} es par? {{{}}}",
                if n % 2 == 0 { "T" } else { "F" }
            ));
            lines.push(String::new());
        }
        lines.push("Bien {T}".to_owned());
        lines.push(String::new());
        lines.push("¿Qué orden lista archivos? {=ls ~cd".to_owned());
        lines.push(String::new());
        lines.push("Multilínea {".to_owned());
        lines.push("  =uno".to_owned());
        lines.push("  ~dos } tres".to_owned());
        lines.push("}".to_owned());
        lines.push(String::new());
        lines.push("Mal {#x}".to_owned());
        assert!(lines[56].starts_with("¿Qué orden"));
        let found = errors(&lines.join("\n"));
        assert_eq!(
            found,
            [
                (57, ErrorKind::Brace),
                (62, ErrorKind::Brace),
                (64, ErrorKind::NotANumber("x".to_owned())),
            ]
        );
    }

    #[test]
    fn true_false_keeps_each_feedback_with_its_answer() {
        let written = write(&[one("P {F##Correcto: es falso.}")]);
        let again = one(&written);
        let Kind::TrueFalse {
            answer,
            wrong,
            right,
        } = again.kind
        else {
            panic!()
        };
        assert!(!answer);
        assert_eq!(wrong, None);
        assert_eq!(
            right.map(|t| t.text),
            Some("Correcto: es falso.".to_owned())
        );
        assert!(
            matches!(one("P {t}").kind, Kind::Short { .. }),
            "only capitals are true/false"
        );
    }
}

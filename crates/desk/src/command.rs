//! `soporte desk sla-due`: due instants for JSON lines on standard input, one answer
//! line per input line, in order. Each input line is
//! `{"id", "calendar", "start", "pauses", "target_minutes"}`: the calendar in its JSON
//! shape, instants as ISO-8601 UTC on whole minutes, pauses as `[start, end]` pairs
//! (or `{"start", "end"}` objects; the field may be left out), the target a whole
//! number of minutes. The answer is `{"id", "due"}`, or `{"id", "error"}` naming the
//! problem in the terminal's language; the other lines go on. Blank lines are skipped.
//! The exit status is 0 when every line was answered with a due instant, 1 otherwise.

use std::io::{BufRead, Write};

use clap::{ArgMatches, FromArgMatches, Subcommand};
use serde::Serialize;
use serde_json::Value;
use soporte_platform::cli::{CommandContext, Failure};

use crate::sla::calendar::Calendar;
use crate::sla::clock::{self, ClockError, Instant, Minutes, Pauses};

/// The area's subcommands, under `soporte desk`.
#[derive(Subcommand, Debug)]
pub enum DeskCommand {
    /// Read JSON lines {"id", "calendar", "start", "pauses", "target_minutes"} on
    /// standard input and write {"id", "due"} lines (or {"id", "error"}); exit 1 if any
    /// line had an error.
    SlaDue,
}

/// `soporte desk …`, for the command line.
pub fn command() -> clap::Command {
    DeskCommand::augment_subcommands(
        clap::Command::new("desk")
            .about("The partner desks.")
            .subcommand_required(true),
    )
}

/// Runs `soporte desk …`.
pub async fn run(matches: &ArgMatches, ctx: &CommandContext) -> Result<(), Failure> {
    let command = DeskCommand::from_arg_matches(matches)
        .map_err(|error| Failure::internal(error.to_string()))?;
    match command {
        DeskCommand::SlaDue => sla_due(ctx),
    }
}

fn sla_due(ctx: &CommandContext) -> Result<(), Failure> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let failed = answer_lines(stdin.lock(), &mut out, &|id, args| ctx.text(id, args))
        .map_err(|error| Failure::internal(error.to_string()))?;
    out.flush()
        .map_err(|error| Failure::internal(error.to_string()))?;
    if failed > 0 {
        return Err(Failure {
            message: ctx.text("desk-sla-failed-lines", &[("count", &failed.to_string())]),
            code: 1,
        });
    }
    Ok(())
}

/// A message in the terminal's language: its Fluent id and arguments.
pub type Say<'a> = dyn Fn(&str, &[(&str, &str)]) -> String + 'a;

/// Answers every line of `input` on `output`; returns how many had an error. `text`
/// gives a message in the terminal's language.
pub fn answer_lines(
    input: impl BufRead,
    output: &mut impl Write,
    text: &Say<'_>,
) -> std::io::Result<usize> {
    let mut failed = 0;
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let (id, outcome) = match serde_json::from_str::<Value>(&line) {
            Err(error) => (
                Value::Null,
                Err(text(
                    "desk-sla-not-json",
                    &[
                        ("line", &(index + 1).to_string()),
                        ("detail", &error.to_string()),
                    ],
                )),
            ),
            Ok(request) => {
                let id = request.get("id").cloned().unwrap_or(Value::Null);
                let outcome = answer(&request).map_err(|problem| {
                    let (message, args) = problem.message();
                    let args: Vec<(&str, &str)> = args
                        .iter()
                        .map(|(key, value)| (*key, value.as_str()))
                        .collect();
                    text(message, &args)
                });
                (id, outcome)
            }
        };
        let answer = match outcome {
            Ok(due) => Answer {
                id: &id,
                due: Some(due.iso()),
                error: None,
            },
            Err(error) => {
                failed += 1;
                Answer {
                    id: &id,
                    due: None,
                    error: Some(error),
                }
            }
        };
        serde_json::to_writer(&mut *output, &answer)?;
        output.write_all(b"\n")?;
    }
    Ok(failed)
}

/// One answer line: `{"id", "due"}` or `{"id", "error"}`, in that order.
#[derive(Serialize)]
struct Answer<'a> {
    id: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// What was wrong with a line.
#[derive(Debug)]
enum Problem {
    Missing(&'static str),
    Shape(&'static str),
    Calendar(crate::sla::calendar::CalendarError),
    Clock(ClockError),
}

impl Problem {
    fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Problem::Missing(field) => ("desk-sla-missing", vec![("field", (*field).to_owned())]),
            Problem::Shape(field) => ("desk-sla-shape", vec![("field", (*field).to_owned())]),
            Problem::Calendar(error) => error.message(),
            Problem::Clock(error) => error.message(),
        }
    }
}

fn answer(request: &Value) -> Result<Instant, Problem> {
    if !request.is_object() {
        return Err(Problem::Shape("id"));
    }
    let field = |name: &'static str| request.get(name).ok_or(Problem::Missing(name));
    let calendar = Calendar::from_json(field("calendar")?).map_err(Problem::Calendar)?;
    let start = instant(field("start")?, "start")?;
    let target = match field("target_minutes")? {
        Value::Number(number) => number
            .as_u64()
            .and_then(Minutes::new)
            .ok_or_else(|| Problem::Clock(ClockError::Target(number.to_string())))?,
        _ => return Err(Problem::Shape("target_minutes")),
    };
    let pauses = match request.get("pauses") {
        None | Some(Value::Null) => Pauses::none(),
        Some(Value::Array(items)) => {
            let pairs = items
                .iter()
                .map(pause)
                .collect::<Result<Vec<(Instant, Instant)>, Problem>>()?;
            Pauses::new(pairs).map_err(Problem::Clock)?
        }
        Some(_) => return Err(Problem::Shape("pauses")),
    };
    clock::due(&calendar, start, &pauses, target).map_err(Problem::Clock)
}

fn instant(value: &Value, field: &'static str) -> Result<Instant, Problem> {
    let text = value.as_str().ok_or(Problem::Shape(field))?;
    Instant::parse_minute(text).map_err(Problem::Clock)
}

fn pause(value: &Value) -> Result<(Instant, Instant), Problem> {
    let (start, end) = match value {
        Value::Array(pair) if pair.len() == 2 => (&pair[0], &pair[1]),
        Value::Object(map) => match (map.get("start"), map.get("end")) {
            (Some(start), Some(end)) if map.len() == 2 => (start, end),
            _ => return Err(Problem::Shape("pauses")),
        },
        _ => return Err(Problem::Shape("pauses")),
    };
    Ok((instant(start, "pauses")?, instant(end, "pauses")?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(input: &str) -> (Vec<Value>, usize) {
        let mut out = Vec::new();
        let text = |id: &str, args: &[(&str, &str)]| {
            let args: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{id} {}", args.join(" "))
        };
        let failed = answer_lines(input.as_bytes(), &mut out, &text).unwrap_or(usize::MAX);
        let lines = String::from_utf8_lossy(&out)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or(Value::Null))
            .collect();
        (lines, failed)
    }

    #[test]
    fn each_line_gets_its_answer_and_a_bad_one_does_not_stop_the_rest() {
        let input = concat!(
            r#"{"id": "a", "calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:00Z", "pauses": [], "target_minutes": 90}"#,
            "\n",
            "not json\n",
            "\n",
            r#"{"id": 7, "calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:30Z", "target_minutes": 5}"#,
            "\n",
            r#"{"id": "p", "calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:00Z", "pauses": [["2025-12-12T15:10:00Z", "2025-12-12T15:40:00Z"], {"start": "2025-12-12T15:30:00Z", "end": "2025-12-12T16:00:00Z"}], "target_minutes": 60}"#,
            "\n",
            r#"{"id": "z", "calendar": {"kind": "business", "zone": "Europe/Madrid", "hours": {}, "mx_statutory_holidays": true}, "start": "2025-12-12T15:00:00Z", "target_minutes": 5}"#,
            "\n",
            r#"{"id": "t", "calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:00Z", "target_minutes": -5}"#,
            "\n",
            r#"{"calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:00Z"}"#,
            "\n",
        );
        let (lines, failed) = run(input);
        assert_eq!(failed, 5);
        assert_eq!(lines.len(), 7);
        assert_eq!(lines[0], json!({"id": "a", "due": "2025-12-12T16:30:00Z"}));
        assert_eq!(lines[1]["id"], Value::Null);
        assert!(
            lines[1]["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("desk-sla-not-json line=2"))
        );
        assert_eq!(lines[2]["id"], 7);
        assert!(
            lines[2]["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("desk-instant-minute"))
        );
        assert_eq!(lines[3], json!({"id": "p", "due": "2025-12-12T16:50:00Z"}));
        assert!(
            lines[4]["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("desk-calendar-zone zone=Europe/Madrid"))
        );
        assert!(
            lines[5]["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("desk-target-bad value=-5"))
        );
        assert_eq!(lines[6]["error"], "desk-sla-missing field=target_minutes");
    }
}

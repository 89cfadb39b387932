//! The partner desks: the SLA clock as `soporte desk sla-due` answers it, and Mexico's
//! statutory rest days against an independent reference (PyPI `holidays`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use soporte_desk::sla::holidays;

use crate::cli::soporte;

/// The issue's Tijuana calendar.
fn tijuana() -> Value {
    json!({"kind": "business", "zone": "America/Tijuana",
        "hours": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]],
                  "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]], "sat": [["09:00","14:00"]], "sun": []},
        "mx_statutory_holidays": true, "extra_holidays": ["2025-12-12", "2025-12-24"]})
}

/// Runs `soporte desk sla-due` in `lang` on `lines`: its answers, its exit code and
/// what it said on standard error.
fn sla_due(lang: &str, lines: &[Value]) -> (Vec<Value>, Option<i32>, String) {
    let mut child = soporte()
        .env("LANG", lang)
        .args(["desk", "sla-due"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = String::new();
    for line in lines {
        input.push_str(&line.to_string());
        input.push('\n');
    }
    input.push_str("esto no es JSON\n");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let answers = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (
        answers,
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn sla_due_answers_every_line_in_order_and_names_what_is_wrong() {
    let mut overlapping = tijuana();
    overlapping["hours"]["wed"] = json!([["09:00", "14:00"], ["13:00", "18:00"]]);
    let mut elsewhere = tijuana();
    elsewhere["zone"] = json!("America/Los_Angeles");
    let lines = [
        // Thursday 16:00 in Tijuana: 2 h that day, 12 December is the partner's
        // holiday, Saturday 09:00 + 1 h.
        json!({"id": "t-1", "calendar": tijuana(), "start": "2025-12-12T00:00:00Z",
               "pauses": [], "target_minutes": 180}),
        json!({"id": "t-2", "calendar": overlapping, "start": "2025-12-12T00:00:00Z",
               "pauses": [], "target_minutes": 180}),
        json!({"id": "t-3", "calendar": elsewhere, "start": "2025-12-12T00:00:00Z",
               "target_minutes": 60}),
        json!({"id": 4, "calendar": {"kind": "24x7"}, "start": "2025-12-12 15:00",
               "target_minutes": 60}),
        json!({"id": 5, "calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:00Z",
               "pauses": [["2025-12-12T16:00:00Z", "2025-12-12T15:30:00Z"]], "target_minutes": 60}),
        // 24x7 with a pause of half an hour.
        json!({"id": 6, "calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:00Z",
               "pauses": [["2025-12-12T15:30:00Z", "2025-12-12T16:00:00Z"]], "target_minutes": 90}),
    ];
    let (answers, code, stderr) = sla_due("es_MX.UTF-8", &lines);
    assert_eq!(answers.len(), 7, "{answers:?}");
    assert_eq!(
        answers[0],
        json!({"id": "t-1", "due": "2025-12-13T18:00:00Z"})
    );
    let error = |index: usize| answers[index]["error"].as_str().unwrap().to_owned();
    assert_eq!(answers[1]["id"], "t-2");
    assert_eq!(
        error(1),
        "En el horario del miércoles los intervalos 09:00–14:00 y 13:00–18:00 se enciman."
    );
    assert!(
        error(2).starts_with("«America/Los_Angeles» no es una zona horaria de México."),
        "{}",
        error(2)
    );
    assert!(error(2).contains("America/Tijuana"));
    assert_eq!(answers[3]["id"], 4);
    assert!(
        error(3).contains("no es un instante ISO-8601"),
        "{}",
        error(3)
    );
    assert_eq!(answers[4]["id"], 5);
    assert!(
        error(4).starts_with(
            "La pausa de 2025-12-12T16:00:00Z a 2025-12-12T15:30:00Z termina antes de empezar"
        ),
        "{}",
        error(4)
    );
    assert_eq!(answers[5], json!({"id": 6, "due": "2025-12-12T17:00:00Z"}));
    assert_eq!(answers[6]["id"], Value::Null);
    assert!(
        error(6).starts_with("La línea 7 no es JSON válido"),
        "{}",
        error(6)
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("5 líneas tuvieron errores"), "{stderr}");

    // Only good lines: every answer a due instant, and success.
    let (answers, code, _) = {
        let mut child = soporte()
            .args(["desk", "sla-due"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let line = json!({"id": "x", "calendar": {"kind": "24x7"}, "start": "2026-01-01T00:00:00Z", "target_minutes": 0});
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{line}\n\n{line}\n").as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        (
            String::from_utf8(output.stdout).unwrap(),
            output.status.code(),
            (),
        )
    };
    assert_eq!(
        answers,
        "{\"id\":\"x\",\"due\":\"2026-01-01T00:00:00Z\"}\n".repeat(2)
    );
    assert_eq!(code, Some(0));
}

#[test]
fn sla_due_speaks_the_terminals_language() {
    let mut reversed = tijuana();
    reversed["hours"]["fri"] = json!([["18:00", "09:00"]]);
    let (answers, code, stderr) = sla_due(
        "en_US.UTF-8",
        &[
            json!({"id": "r", "calendar": reversed, "start": "2025-12-12T00:00:00Z", "target_minutes": 5}),
        ],
    );
    assert_eq!(
        answers[0]["error"],
        "The interval 18:00–09:00 on Friday ends before it starts or lasts no time. \
         A shift across midnight is written as two intervals, one on each day."
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("2 lines had errors"), "{stderr}");
}

#[test]
fn statutory_rest_days_match_an_independent_reference() {
    // scripts/test installs `holidays` in the tests' virtualenv.
    let venv = std::env::var("HOME").map(|home| format!("{home}/.cache/soporte/venv/bin/python"));
    let python = std::env::var("SOPORTE_TEST_PYTHON")
        .ok()
        .or_else(|| venv.ok().filter(|path| std::path::Path::new(path).exists()))
        .unwrap_or_else(|| "python3".to_owned());
    let output = Command::new(python)
        .args([
            "-c",
            "import holidays\n\
             for day in sorted(holidays.Mexico(years=range(1971, 2101))):\n    print(day.isoformat())",
        ])
        .output()
        .expect("python with `holidays` must be available (set SOPORTE_TEST_PYTHON)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reference: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let ours: Vec<String> = (1971..2101)
        .flat_map(holidays::of_year)
        .map(|day| day.iso())
        .collect();
    assert!(ours.len() > 900);
    assert_eq!(ours, reference);
}

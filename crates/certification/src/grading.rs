//! Grading: what a person's answer to a question is worth, and whether an attempt
//! passes. Plain functions over the questions as the banks keep them ([`crate::gift`])
//! and the answers as an exam records them; no database, no clock.

use serde::{Deserialize, Serialize};

use crate::gift::{Answer, Grade, Kind};

/// An answer as an exam records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    /// Nothing answered.
    Blank,
    TrueFalse {
        value: bool,
    },
    /// The answers chosen, by their place in the question (one for a single-answer
    /// question).
    Choice {
        chosen: Vec<usize>,
    },
    Text {
        value: String,
    },
    /// For each left side of the question (distractors left out), the right side
    /// chosen, by its place among the question's right sides.
    Matching {
        chosen: Vec<Option<usize>>,
    },
    Number {
        value: f64,
    },
}

/// Text as short answers are compared, as Moodle does by default: without regard to
/// case, runs of white space as one (accents count: «así» is not «asi»).
fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `given` matches an accepted short answer, where `*` stands for any text.
fn matches(accepted: &str, given: &str) -> bool {
    let accepted = folded(accepted);
    let given = folded(given);
    let parts: Vec<&str> = accepted.split('*').collect();
    if parts.len() == 1 {
        return accepted == given;
    }
    let (first, rest) = parts.split_first().unwrap_or((&"", &[]));
    let Some(mut left) = given.strip_prefix(first) else {
        return false;
    };
    let (last, middle) = rest.split_last().unwrap_or((&"", &[]));
    for part in middle {
        match left.find(part) {
            Some(at) => left = &left[at + part.len()..],
            None => return false,
        }
    }
    left.len() >= last.len() && left.ends_with(last)
}

fn share(grade: Grade) -> f64 {
    grade.fraction()
}

/// What `response` is worth of `kind`'s mark: 0 to 1.
pub fn score(kind: &Kind, response: &Response) -> f64 {
    let worth = match (kind, response) {
        (Kind::TrueFalse { answer, .. }, Response::TrueFalse { value }) => {
            f64::from(u8::from(answer == value))
        }
        (Kind::Choice { multiple, answers }, Response::Choice { chosen }) => {
            let mut chosen: Vec<usize> = chosen.clone();
            chosen.sort_unstable();
            chosen.dedup();
            if !*multiple && chosen.len() > 1 {
                return 0.0;
            }
            chosen
                .iter()
                .filter_map(|at| answers.get(*at))
                .map(|answer| share(answer.grade))
                .sum()
        }
        (Kind::Short { answers }, Response::Text { value }) => {
            best(answers, |answer| matches(&answer.text.text, value))
        }
        (Kind::Matching { pairs }, Response::Matching { chosen }) => {
            let lefts: Vec<&String> = pairs
                .iter()
                .filter(|(left, _)| !left.text.is_empty())
                .map(|(_, right)| right)
                .collect();
            let rights = right_sides(pairs);
            if lefts.is_empty() {
                return 0.0;
            }
            let right: usize = lefts
                .iter()
                .zip(chosen)
                .filter(|(expected, picked)| {
                    picked
                        .and_then(|at| rights.get(at))
                        .is_some_and(|side| side == **expected)
                })
                .count();
            right as f64 / lefts.len() as f64
        }
        (Kind::Numerical { answers }, Response::Number { value }) => answers
            .iter()
            .filter(|answer| {
                (value - answer.value).abs()
                    <= answer.tolerance + f64::EPSILON * answer.value.abs().max(1.0)
            })
            .map(|answer| share(answer.grade))
            .fold(0.0, f64::max),
        _ => 0.0,
    };
    worth.clamp(0.0, 1.0)
}

/// The best grade among `answers` that `accepts` takes.
fn best(answers: &[Answer], accepts: impl Fn(&Answer) -> bool) -> f64 {
    answers
        .iter()
        .filter(|answer| accepts(answer))
        .map(|answer| share(answer.grade))
        .fold(0.0, f64::max)
}

/// A matching question's right sides as offered: each once, in the order written
/// (distractors' among them).
pub fn right_sides(pairs: &[(crate::gift::Text, String)]) -> Vec<String> {
    let mut sides: Vec<String> = Vec::new();
    for (_, right) in pairs {
        if !sides.contains(right) {
            sides.push(right.clone());
        }
    }
    sides
}

/// An attempt's result: its score in hundredths of a percent (0 to 10,000) and whether
/// it reaches `pass_percent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub hundredths: i64,
    pub passed: bool,
}

/// The result of answering `questions` with `responses` (in the same order; a missing
/// response is blank), each question worth the same.
pub fn grade(questions: &[&Kind], responses: &[Response], pass_percent: i64) -> Outcome {
    if questions.is_empty() {
        return Outcome {
            hundredths: 0,
            passed: false,
        };
    }
    let total: f64 = questions
        .iter()
        .enumerate()
        .map(|(at, kind)| score(kind, responses.get(at).unwrap_or(&Response::Blank)))
        .sum();
    let hundredths = (total / questions.len() as f64 * 10_000.0).round() as i64;
    Outcome {
        hundredths,
        passed: hundredths >= pass_percent * 100,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gift::parse;

    fn kind(source: &str) -> Kind {
        parse(source).unwrap().remove(0).kind
    }

    #[test]
    fn true_false_and_single_choice() {
        let tf = kind("P {T}");
        assert_eq!(score(&tf, &Response::TrueFalse { value: true }), 1.0);
        assert_eq!(score(&tf, &Response::TrueFalse { value: false }), 0.0);
        assert_eq!(score(&tf, &Response::Blank), 0.0);
        let choice = kind("P {=a ~%50%b ~c}");
        assert_eq!(score(&choice, &Response::Choice { chosen: vec![0] }), 1.0);
        assert_eq!(score(&choice, &Response::Choice { chosen: vec![1] }), 0.5);
        assert_eq!(score(&choice, &Response::Choice { chosen: vec![2] }), 0.0);
        // Two picks on a single-answer question are worth nothing; a pick out of range too.
        assert_eq!(
            score(&choice, &Response::Choice { chosen: vec![0, 1] }),
            0.0
        );
        assert_eq!(score(&choice, &Response::Choice { chosen: vec![7] }), 0.0);
    }

    #[test]
    fn several_answers_add_up_and_penalties_never_go_below_zero() {
        let several = kind("P {~%50%a ~%50%b ~%-100%c}");
        assert_eq!(
            score(&several, &Response::Choice { chosen: vec![0, 1] }),
            1.0
        );
        assert_eq!(score(&several, &Response::Choice { chosen: vec![0] }), 0.5);
        assert_eq!(
            score(&several, &Response::Choice { chosen: vec![0, 2] }),
            0.0
        );
        assert_eq!(
            score(
                &several,
                &Response::Choice {
                    chosen: vec![0, 0, 1]
                }
            ),
            1.0
        );
    }

    #[test]
    fn short_answers_ignore_case_and_spacing_and_take_wildcards() {
        let short = kind("P {=GRUB =%50%gestor*arranque}");
        let text = |value: &str| Response::Text {
            value: value.to_owned(),
        };
        assert_eq!(score(&short, &text("  grub ")), 1.0);
        assert_eq!(score(&short, &text("Gestor de   arranque")), 0.5);
        assert_eq!(score(&short, &text("lilo")), 0.0);
        assert_eq!(score(&short, &text("gestor")), 0.0);
        assert!(matches("a*", "a"));
        assert!(!matches("a*b", "ab c"));
        assert!(matches("*ab", "xxab"));
    }

    #[test]
    fn matching_counts_each_pair_and_numbers_their_tolerance() {
        let matching = kind("P {=ls -> lista =cd -> cambia =pwd -> muestra = -> borra}");
        let Kind::Matching { pairs } = &matching else {
            panic!()
        };
        assert_eq!(right_sides(pairs), ["lista", "cambia", "muestra", "borra"]);
        let all = Response::Matching {
            chosen: vec![Some(0), Some(1), Some(2)],
        };
        assert_eq!(score(&matching, &all), 1.0);
        let some = Response::Matching {
            chosen: vec![Some(0), Some(3), None],
        };
        assert!((score(&matching, &some) - 1.0 / 3.0).abs() < 1e-9);
        let number = kind("P {#=3.14:0.01 =%50%3:0.2}");
        assert_eq!(score(&number, &Response::Number { value: 3.145 }), 1.0);
        assert_eq!(score(&number, &Response::Number { value: 2.9 }), 0.5);
        assert_eq!(score(&number, &Response::Number { value: 3.5 }), 0.0);
        // An answer of another type is worth nothing.
        assert_eq!(
            score(
                &number,
                &Response::Text {
                    value: "3.14".to_owned()
                }
            ),
            0.0
        );
    }

    #[test]
    fn an_attempt_passes_at_its_mark() {
        let (a, b) = (kind("P {T}"), kind("P {F}"));
        let questions = [&a, &b, &a, &b];
        let right = Response::TrueFalse { value: true };
        let wrong = Response::TrueFalse { value: false };
        let three = [right.clone(), wrong.clone(), right.clone(), right.clone()];
        assert_eq!(
            grade(&questions, &three, 70),
            Outcome {
                hundredths: 7_500,
                passed: true
            }
        );
        assert_eq!(
            grade(&questions, &three, 80),
            Outcome {
                hundredths: 7_500,
                passed: false
            }
        );
        // Unanswered questions count as wrong.
        assert_eq!(grade(&questions, &[right], 0).hundredths, 2_500);
        assert!(!grade(&[], &[], 0).passed);
    }
}

//! The report's page and its CSV export, for a desk's admins: a month (UTC) of one
//! partner's tickets, or of one of its contracts.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use soporte_platform::accounts::Role;
use soporte_platform::i18n::Locale;
use soporte_platform::storage::now_ms;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError};

use crate::ContractId;
use crate::policy::{Action, allows};
use crate::report::{self, AGES, Bar, Compliance, Line, Summary};
use crate::sla::calendar::Calendar;
use crate::sla::clock::{self, Instant, Pauses};
use crate::sla::day::Day;
use crate::sla::state::{self, Targets};
use crate::store::{self, Partner};

type Answer = Result<Response, WebError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/soporte-profesional/mesa/{slug}/informe", get(page))
        .route("/soporte-profesional/mesa/{slug}/informe.csv", get(csv))
}

#[derive(Default, Deserialize)]
struct Params {
    /// `2026-12`.
    #[serde(default)]
    mes: String,
    #[serde(default)]
    contrato: String,
}

/// A month: its first day and the first of the next, as UTC milliseconds, and its name.
fn month(text: &str) -> Option<(i64, i64, String)> {
    let (year, month) = text.trim().split_once('-')?;
    let (year, month): (i32, u8) = (year.parse().ok()?, month.parse().ok()?);
    let first = Day::from_civil(year, month, 1)?;
    let next = if month == 12 {
        Day::from_civil(year + 1, 1, 1)?
    } else {
        Day::from_civil(year, month + 1, 1)?
    };
    Some((
        first.0 * 86_400_000,
        next.0 * 86_400_000,
        format!("{year:04}-{month:02}"),
    ))
}

async fn reporting(state: &AppState, visit: &Visit, slug: &str) -> Result<Partner, WebError> {
    let back = format!("/soporte-profesional/mesa/{slug}/informe");
    let Some(viewer) = &visit.viewer else {
        return Err(WebError::sign_in(&back));
    };
    let partner = store::partner_by_slug(&state.db, slug)
        .await?
        .ok_or_else(WebError::not_found)?;
    let standing = store::standing(
        &state.db,
        partner.id,
        Some((viewer.user_id, viewer.has(Role::Staff))),
        None,
    )
    .await?;
    if !allows(standing, Action::SeeReports) {
        return Err(WebError::not_found());
    }
    Ok(partner)
}

/// The report's lines and what they were chosen by.
struct Chosen {
    month: String,
    contract: Option<ContractId>,
    lines: Vec<Line>,
}

async fn lines(state: &AppState, partner: &Partner, params: &Params) -> Result<Chosen, WebError> {
    let now = now_ms();
    let (from, to, name) = month(&params.mes).unwrap_or_else(|| {
        let today = Instant::from_ms(now).iso();
        month(&today[..7]).unwrap_or((0, 0, today[..7].to_owned()))
    });
    let contracts = store::contracts(&state.db, partner.id).await?;
    let contract = params
        .contrato
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| contracts.iter().find(|c| c.id.get() == id))
        .map(|c| c.id);
    let (tickets, mut stretches) =
        store::report_tickets(&state.db, partner.id, contract, (from, to)).await?;
    let mut services: HashMap<(ContractId, i64), Option<(Calendar, Targets)>> = HashMap::new();
    let at = Instant::from_ms(now);
    let mut lines = Vec::with_capacity(tickets.len());
    for ticket in tickets {
        let facts = store::facts_of(&ticket, stretches.remove(&ticket.id).unwrap_or_default());
        let service = match ticket.contract {
            Some(id) => {
                let key = (id, ticket.priority.level());
                if let std::collections::hash_map::Entry::Vacant(entry) = services.entry(key) {
                    entry.insert(
                        store::service(&state.db, &ticket)
                            .await?
                            .map(|(contract, targets)| (contract.calendar, targets)),
                    );
                }
                services.get(&key).cloned().flatten()
            }
            None => None,
        };
        let (readings, to_first, to_resolution) = match &service {
            Some((calendar, targets)) => {
                let readings =
                    state::read(calendar, targets, &facts, at).map_err(WebError::internal)?;
                let to_first = facts
                    .first_reply
                    .map(|reply| clock::counted(calendar, facts.created, reply, &facts.pending));
                let resolution_pauses = Pauses::new(
                    facts
                        .pending
                        .intervals()
                        .iter()
                        .chain(facts.resolved_before.intervals())
                        .map(|(a, b)| (Instant::from_ms(a * 1000), Instant::from_ms(b * 1000))),
                )
                .unwrap_or_default();
                let to_resolution = facts
                    .resolved
                    .map(|done| clock::counted(calendar, facts.created, done, &resolution_pauses));
                (readings, to_first, to_resolution)
            }
            None => (Vec::new(), None, None),
        };
        lines.push(Line {
            number: ticket.number,
            organization: ticket.organization_name.clone(),
            priority: ticket.priority.level(),
            status: ticket.status.as_str(),
            created_ms: ticket.created_at,
            readings,
            to_first_response: to_first,
            to_resolution,
            open: ticket.status.is_open(),
        });
    }
    Ok(Chosen {
        month: name,
        contract,
        lines,
    })
}

/// Counted seconds as hours and minutes.
fn duration(seconds: Option<i64>) -> String {
    seconds.map_or_else(
        || "—".to_owned(),
        |s| crate::worktime::hours_and_minutes((s + 59) / 60),
    )
}

#[derive(Template)]
#[template(path = "desk/report.html")]
struct ReportTemplate<'a> {
    shell: Shell<'a>,
    partner: Partner,
    month: String,
    contracts: Vec<(ContractId, String, bool)>,
    csv_href: String,
    summary: Summary,
    rows: Vec<(String, Compliance, String)>,
    compliance_bars: Vec<Bar>,
    backlog_bars: Vec<Bar>,
    median_first: String,
    median_resolution: String,
}

fn percent_words(state: &AppState, locale: Locale, percent: Option<i64>) -> String {
    percent.map_or_else(
        || state.i18n.text(locale, "desk-report-none"),
        |p| format!("{p} %"),
    )
}

async fn page(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(params): Query<Params>,
) -> Answer {
    let partner = reporting(&state, &visit, &slug).await?;
    let chosen = lines(&state, &partner, &params).await?;
    let locale = visit.locale;
    let summary = report::summarize(&chosen.lines, now_ms());
    let targets = [
        ("desk-target-first-response", summary.first_response),
        ("desk-target-next-update", summary.next_update),
        ("desk-target-resolution", summary.resolution),
    ];
    let rows: Vec<(String, Compliance, String)> = targets
        .iter()
        .map(|(id, compliance)| {
            (
                state.i18n.text(locale, id),
                *compliance,
                percent_words(&state, locale, compliance.percent()),
            )
        })
        .collect();
    let compliance_bars = report::bars(
        &rows
            .iter()
            .map(|(name, compliance, shown)| {
                (
                    name.clone(),
                    compliance.percent().unwrap_or(0),
                    shown.clone(),
                )
            })
            .collect::<Vec<_>>(),
        100,
        300,
    );
    let backlog: Vec<(String, i64, String)> = AGES
        .iter()
        .zip(summary.backlog)
        .map(|((_, id), count)| {
            let count = i64::try_from(count).unwrap_or(0);
            (state.i18n.text(locale, id), count, count.to_string())
        })
        .collect();
    let most = backlog
        .iter()
        .map(|(_, count, _)| *count)
        .max()
        .unwrap_or(0);
    let contracts = store::contracts(&state.db, partner.id)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name, Some(c.id) == chosen.contract))
        .collect();
    let path = format!("/soporte-profesional/mesa/{}/informe", partner.slug);
    let csv_href = format!(
        "{path}.csv?mes={}{}",
        chosen.month,
        chosen
            .contract
            .map(|c| format!("&contrato={c}"))
            .unwrap_or_default()
    );
    let page = ReportTemplate {
        shell: Shell::new(&state, &visit, &path),
        month: chosen.month,
        contracts,
        csv_href,
        median_first: duration(summary.median_first_response),
        median_resolution: duration(summary.median_resolution),
        compliance_bars,
        backlog_bars: report::bars(&backlog, most, 300),
        rows,
        summary,
        partner,
    };
    Ok(Page(page.render()).into_response())
}

async fn csv(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(params): Query<Params>,
) -> Answer {
    let partner = reporting(&state, &visit, &slug).await?;
    let chosen = lines(&state, &partner, &params).await?;
    let locale = visit.locale;
    let header = [
        "desk-csv-number",
        "desk-csv-organization",
        "desk-csv-priority",
        "desk-csv-status",
        "desk-csv-opened",
        "desk-csv-first-due",
        "desk-csv-first-met",
        "desk-csv-first-breached",
        "desk-csv-resolution-due",
        "desk-csv-resolution-met",
        "desk-csv-resolution-breached",
        "desk-csv-to-first",
        "desk-csv-to-resolution",
    ]
    .map(|id| report::csv_cell(&state.i18n.text(locale, id)))
    .join(",");
    // A byte-order mark, so spreadsheets read the accents as UTF-8.
    let mut out = format!("\u{feff}{header}\r\n");
    let yes_no = |value: bool| {
        state
            .i18n
            .text(locale, if value { "desk-csv-yes" } else { "desk-csv-no" })
    };
    for line in &chosen.lines {
        let of = |target| line.readings.iter().find(|r| r.target == target);
        let (first, resolution) = (
            of(state::Target::FirstResponse),
            of(state::Target::Resolution),
        );
        let due =
            |reading: Option<&state::Reading>| reading.map(|r| r.due.iso()).unwrap_or_default();
        let met = |reading: Option<&state::Reading>| {
            reading
                .and_then(|r| r.met)
                .map(Instant::iso)
                .unwrap_or_default()
        };
        let breached = |reading: Option<&state::Reading>| {
            reading.map(|r| yes_no(r.breached)).unwrap_or_default()
        };
        let minutes = |seconds: Option<i64>| {
            seconds
                .map(|s| ((s + 59) / 60).to_string())
                .unwrap_or_default()
        };
        let cells = [
            line.number.to_string(),
            line.organization.clone(),
            format!("P{}", line.priority),
            line.status.to_owned(),
            Instant::from_ms(line.created_ms).iso(),
            due(first),
            met(first),
            breached(first),
            due(resolution),
            met(resolution),
            breached(resolution),
            minutes(line.to_first_response),
            minutes(line.to_resolution),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|cell| report::csv_cell(cell))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    let name = format!(
        "attachment; filename=\"informe-{}-{}.csv\"",
        partner.slug, chosen.month
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, name),
        ],
        out,
    )
        .into_response())
}

//! How well Soporte's search answers Spanish questions typed the way people in Mexico
//! type them, against PostgreSQL full-text search and SQLite FTS5, on real Spanish
//! documentation (rebuilt by `corpus.py`), with judged queries (`queries.json`).
//! Prints nDCG@10, MRR@10, recall@10, queries without results and p50/p99 latency of
//! each engine (for the ids alone, and for results with snippets), in the same run.
//! See README.md.

mod engines;
mod metrics;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Deserialize;

/// One article of the corpus.
#[derive(Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub body: String,
}

#[derive(Deserialize)]
struct Judged {
    queries: Vec<JudgedQuery>,
}

#[derive(Deserialize)]
struct JudgedQuery {
    id: u32,
    query: String,
    kind: String,
    judgments: HashMap<String, u8>,
}

/// What `--help` prints.
const USAGE: &str = "\
usage: soporte-bench-relevance [--corpus FILE] [--queries FILE] [--postgres URL] [--verbose]
  --corpus FILE    the corpus corpus.py wrote (default ~/.cache/soporte/relevance/corpus.jsonl)
  --queries FILE   the judged queries (default bench/relevance/queries.json)
  --postgres URL   a server where the user may create a database
                   (default postgres://postgres@127.0.0.1:5432/postgres)
  --verbose        also print each query's figures and Soporte's first three results";

struct Options {
    corpus: String,
    queries: String,
    postgres: String,
    verbose: bool,
}

fn options() -> anyhow::Result<Options> {
    let home = std::env::var("HOME").unwrap_or_else(|_| ".".to_owned());
    let mut options = Options {
        corpus: format!("{home}/.cache/soporte/relevance/corpus.jsonl"),
        queries: concat!(env!("CARGO_MANIFEST_DIR"), "/queries.json").to_owned(),
        postgres: "postgres://postgres@127.0.0.1:5432/postgres".to_owned(),
        verbose: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--verbose" => {
                options.verbose = true;
                continue;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--corpus" => &mut options.corpus,
            "--queries" => &mut options.queries,
            "--postgres" => &mut options.postgres,
            other => anyhow::bail!("unknown option {other}\n{USAGE}"),
        };
        *slot = args
            .next()
            .with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
    }
    Ok(options)
}

/// What one engine did over every query.
#[derive(Default)]
struct Scores {
    ndcg: Vec<f64>,
    rr: Vec<f64>,
    recall: Vec<f64>,
    empty: usize,
    /// The time to the ids of the first ten results.
    latency: Vec<Duration>,
    /// The time to the same results, each with its snippet.
    with_snippets: Vec<Duration>,
    by_kind: HashMap<String, Vec<f64>>,
}

impl Scores {
    fn mean(values: &[f64]) -> f64 {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    }

    fn percentile(times: &[Duration], p: f64) -> f64 {
        let mut sorted = times.to_vec();
        sorted.sort_unstable();
        let at = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
        sorted.get(at).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let options = options()?;
    let corpus = std::fs::read_to_string(&options.corpus).with_context(|| {
        format!(
            "{}: build the corpus first: python3 bench/relevance/corpus.py",
            options.corpus
        )
    })?;
    let articles: Vec<Article> = corpus
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let judged: Judged = serde_json::from_str(&std::fs::read_to_string(&options.queries)?)?;
    println!(
        "corpus: {} articles; {} judged queries",
        articles.len(),
        judged.queries.len()
    );

    let mut engines = engines::all(&articles, &options.postgres).await?;
    for engine in &engines {
        println!(
            "{}: indexed in {:.1} s",
            engine.name(),
            engine.build_time().as_secs_f64()
        );
    }
    let mut scores: Vec<Scores> = engines.iter().map(|_| Scores::default()).collect();
    // Warm every engine once, then measure.
    for query in &judged.queries {
        for engine in engines.iter_mut() {
            engine.search(&query.query, false).await?;
            engine.search(&query.query, true).await?;
        }
    }
    for query in &judged.queries {
        let mut top = Vec::new();
        for (engine, score) in engines.iter_mut().zip(scores.iter_mut()) {
            let started = Instant::now();
            let results = engine.search(&query.query, false).await?;
            score.latency.push(started.elapsed());

            let ndcg = metrics::ndcg(&results, &query.judgments, 10);
            score.ndcg.push(ndcg);
            score
                .rr
                .push(metrics::reciprocal_rank(&results, &query.judgments, 10));
            score
                .recall
                .push(metrics::recall(&results, &query.judgments, 10));
            score.empty += usize::from(results.is_empty());
            score
                .by_kind
                .entry(query.kind.clone())
                .or_default()
                .push(ndcg);
            if engine.name() == "soporte" {
                top = results;
            }
        }
        if options.verbose {
            // Soporte's nDCG and time, the others' nDCG, Soporte's first three.
            let soporte = &scores[0];
            let took = soporte.latency.last().copied().unwrap_or_default();
            let others: Vec<String> = scores[1..]
                .iter()
                .map(|score| format!("{:.2}", score.ndcg.last().copied().unwrap_or_default()))
                .collect();
            println!(
                "{:>4} {:.2} {:>6.2}ms [{}] {:<50} {:?}",
                query.id,
                soporte.ndcg.last().copied().unwrap_or_default(),
                took.as_secs_f64() * 1000.0,
                others.join(" "),
                query.query,
                &top[..top.len().min(3)]
            );
        }
    }
    // The same again with snippets, in a pass of its own: right after the same query
    // an engine would find its caches warm.
    for query in &judged.queries {
        for (engine, score) in engines.iter_mut().zip(scores.iter_mut()) {
            let started = Instant::now();
            engine.search(&query.query, true).await?;
            score.with_snippets.push(started.elapsed());
        }
    }
    println!();
    println!(
        "{:<28} {:>8} {:>8} {:>10} {:>6} {:>18} {:>18}",
        "", "", "", "", "", "ids only", "with snippets"
    );
    println!(
        "{:<28} {:>8} {:>8} {:>10} {:>6} {:>8} {:>9} {:>8} {:>9}",
        "engine", "nDCG@10", "MRR@10", "recall@10", "empty", "p50 ms", "p99 ms", "p50 ms", "p99 ms"
    );
    for (engine, score) in engines.iter().zip(&scores) {
        println!(
            "{:<28} {:>8.3} {:>8.3} {:>10.3} {:>6} {:>8.2} {:>9.2} {:>8.2} {:>9.2}",
            engine.name(),
            Scores::mean(&score.ndcg),
            Scores::mean(&score.rr),
            Scores::mean(&score.recall),
            score.empty,
            Scores::percentile(&score.latency, 0.5),
            Scores::percentile(&score.latency, 0.99),
            Scores::percentile(&score.with_snippets, 0.5),
            Scores::percentile(&score.with_snippets, 0.99),
        );
    }
    let mut kinds: Vec<&String> = scores[0].by_kind.keys().collect();
    kinds.sort();
    println!();
    print!("{:<28}", "nDCG@10 by kind of query");
    for kind in &kinds {
        print!(" {kind:>10}");
    }
    println!();
    for (engine, score) in engines.iter().zip(&scores) {
        print!("{:<28}", engine.name());
        for kind in &kinds {
            let values = score.by_kind.get(*kind).map_or(&[][..], Vec::as_slice);
            print!(" {:>10.3}", Scores::mean(values));
        }
        println!();
    }
    // "¿Quisiste decir …?": a query written with typos should get one; in the
    // others every word is spelled as the writer meant it, so one offered there
    // most likely changes a right word into another.
    let (mut typos, mut others) = ((0, 0), (0, 0));
    for query in &judged.queries {
        let offered = engines[0].suggest(&query.query)?;
        let count = if query.kind == "typo" {
            &mut typos
        } else {
            &mut others
        };
        count.0 += usize::from(offered.is_some());
        count.1 += 1;
        if options.verbose
            && let Some(offered) = offered
        {
            println!(
                "{:>4} ¿Quisiste decir {offered}? ({})",
                query.id, query.query
            );
        }
    }
    println!();
    println!(
        "soporte offers \"¿Quisiste decir …?\" on {} of {} typo queries and on {} of {} others",
        typos.0, typos.1, others.0, others.1
    );
    let soporte = &scores[0];
    let best_other = scores[1..]
        .iter()
        .map(|score| Scores::mean(&score.ndcg))
        .fold(0.0, f64::max);
    // PostgreSQL's fastest p99 of `times`, and how many times faster Soporte's is.
    let speed = |times: fn(&Scores) -> &[Duration]| {
        let postgres = engines
            .iter()
            .zip(&scores)
            .filter(|(engine, _)| engine.name().starts_with("postgres"))
            .map(|(_, score)| Scores::percentile(times(score), 0.99))
            .fold(f64::INFINITY, f64::min);
        postgres / Scores::percentile(times(soporte), 0.99)
    };
    let page_speed = speed(|score| &score.with_snippets);
    let ids_speed = speed(|score| &score.latency);
    let ratio = Scores::mean(&soporte.ndcg) / best_other;
    println!();
    println!(
        "soporte nDCG@10 is {ratio:.2}x the best of the others (target 1.5x: {})",
        if ratio >= 1.5 { "met" } else { "NOT met" }
    );
    println!(
        "queries without results in soporte: {} (target 0: {})",
        soporte.empty,
        if soporte.empty == 0 { "met" } else { "NOT met" }
    );
    println!(
        "soporte p99, results with snippets as a page shows them, is {page_speed:.1}x faster \
         than postgres's fastest (target 5x: {})",
        if page_speed >= 5.0 { "met" } else { "NOT met" }
    );
    println!(
        "soporte p99, ids only, is {ids_speed:.1}x faster than postgres's fastest (5x: {})",
        if ids_speed >= 5.0 { "met" } else { "NOT met" }
    );
    for engine in engines {
        engine.close().await;
    }
    Ok(())
}

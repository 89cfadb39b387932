//! Relevance measures over graded judgments (2 = answers the query, 1 = related), as
//! plain functions.

use std::collections::HashMap;

/// Discounted cumulative gain of the first `k` results, normalized by the best order
/// the judgments allow (gain = grade, discount = log2(rank + 1)).
pub fn ndcg(results: &[String], judged: &HashMap<String, u8>, k: usize) -> f64 {
    let dcg = |grades: &mut dyn Iterator<Item = u8>| -> f64 {
        grades
            .take(k)
            .enumerate()
            .map(|(rank, grade)| f64::from(grade) / ((rank + 2) as f64).log2())
            .sum()
    };
    let got = dcg(&mut results
        .iter()
        .map(|id| judged.get(id).copied().unwrap_or(0)));
    let mut ideal: Vec<u8> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&mut ideal.into_iter());
    if best == 0.0 { 0.0 } else { got / best }
}

/// 1 / rank of the first result that answers the query (grade 2) within `k`; 0 if none.
pub fn reciprocal_rank(results: &[String], judged: &HashMap<String, u8>, k: usize) -> f64 {
    results
        .iter()
        .take(k)
        .position(|id| judged.get(id) == Some(&2))
        .map_or(0.0, |rank| 1.0 / (rank + 1) as f64)
}

/// The share of judged pages (grade 1 or 2) found within `k`.
pub fn recall(results: &[String], judged: &HashMap<String, u8>, k: usize) -> f64 {
    let relevant = judged.values().filter(|grade| **grade > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = results
        .iter()
        .take(k)
        .filter(|id| judged.get(*id).is_some_and(|grade| *grade > 0))
        .count();
    found as f64 / relevant as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged() -> HashMap<String, u8> {
        HashMap::from([("a".to_owned(), 2), ("b".to_owned(), 1)])
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn the_ideal_order_scores_one() {
        assert!((ndcg(&ids(&["a", "b"]), &judged(), 10) - 1.0).abs() < 1e-9);
        assert!(ndcg(&ids(&["b", "a"]), &judged(), 10) < 1.0);
        assert_eq!(ndcg(&ids(&["x"]), &judged(), 10), 0.0);
    }

    #[test]
    fn rank_and_recall() {
        assert_eq!(
            reciprocal_rank(&ids(&["x", "b", "a"]), &judged(), 10),
            1.0 / 3.0
        );
        assert_eq!(reciprocal_rank(&ids(&["b"]), &judged(), 10), 0.0);
        assert_eq!(recall(&ids(&["x", "b"]), &judged(), 10), 0.5);
        assert_eq!(recall(&ids(&["a", "b"]), &judged(), 1), 0.5);
    }
}

//! Work spread over the cores with the standard library's scoped threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` of every item, in the items' order, computed on up to `threads` threads (the calling one
/// among them), each taking the next item not yet taken: items of uneven cost keep every thread
/// busy to the end.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mine = work();
        let theirs = others
            .into_iter()
            .flat_map(|h| h.join().expect("a worker does not panic"));
        for (i, r) in mine.into_iter().chain(theirs) {
            results[i] = Some(r);
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every item is taken once"))
        .collect()
}

/// The number of threads worth using: the cores this process may run on.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_items_order_whatever_the_threads() {
        let items: Vec<u64> = (0..1000).collect();
        // uneven work: later items cost more
        let f = |&i: &u64| (0..i * 50).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b));
        let one: Vec<u64> = items.iter().map(f).collect();
        for threads in [1, 2, 3, 8] {
            assert_eq!(map(&items, threads, f), one);
        }
        assert_eq!(map(&[] as &[u64], 4, f), Vec::<u64>::new());
    }
}

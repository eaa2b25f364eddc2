//! Random draws for the generators, over any `rand` generator: the demo draws from ChaCha8, the
//! example company from its fixed sequence (`AcmeSequence`).
//!
//! The draws are plain modulo arithmetic on `next_u64`, not `rand`'s distributions: the bias is
//! irrelevant for test data, and the arithmetic is what makes a seed give the same files on every
//! platform and every `rand` release.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The demo's generator for one of its files: ChaCha8 (the PRNG of `comp whatif`'s Monte Carlo)
/// seeded with the user's seed, one stream per file, so that changing how one file is drawn leaves
/// the others' bytes alone.
pub fn stream(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// The draws both generators make, on top of any generator.
pub trait Draw: RngCore {
    /// Uniform in 0..n (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }

    /// lo..=hi, skewed toward lo: the smallest of `k` uniform draws (most deals are small).
    fn skewed(&mut self, lo: i64, hi: i64, k: usize) -> i64 {
        (0..k).map(|_| self.range(lo, hi)).min().unwrap_or(lo)
    }

    /// One of `xs`, uniformly.
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

impl<R: RngCore + ?Sized> Draw for R {}

/// The example company's fixed sequence: splitmix64 (Steele, Lea and Flood, 2014) from a raw state.
/// examples/acme/data was drawn from it before the generators shared this module, and its bytes
/// are committed: drawing the example from ChaCha8 would rewrite every file, so it keeps its
/// sequence. Nothing else should use it.
pub struct AcmeSequence(u64);

impl AcmeSequence {
    /// The sequence that starts after `state` (no mixing of the seed, as the example always did).
    pub fn from_state(state: u64) -> AcmeSequence {
        AcmeSequence(state)
    }
}

impl RngCore for AcmeSequence {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    fn fill_bytes(&mut self, dst: &mut [u8]) {
        rand::rand_core::impls::fill_bytes_via_next(self, dst)
    }
}

//! The one random generator of trailplan's synthetic data: splitmix64.

/// splitmix64 (Steele, Lea and Flood, 2014): tiny, fast, and good enough to spread test data. The
/// one generator of trailplan's synthetic data: the log trees of [`super::logs`] and the scenarios
/// of [`super::scenario`], each a function of its seed alone. The modulo bias of its draws is
/// irrelevant for test data.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator whose draws are a function of `seed` alone.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// [`SplitMix64::below`] for an index into a `u32` count.
    pub fn index(&mut self, n: u32) -> u32 {
        // The remainder is below `n`, so it fits.
        u32::try_from(self.below(u64::from(n))).unwrap_or(0)
    }

    /// [`SplitMix64::below`] for an index into a slice.
    pub fn below_usize(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or(0)
    }

    /// True once in `n` draws.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// One of `items` ("" when there are none).
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.below_usize(items.len()))
            .copied()
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_draws_the_reference_sequence() {
        // The first draws of the reference implementation (Vigna's splitmix64.c) for seed 1234567.
        let mut rng = SplitMix64::new(1_234_567);
        let draws: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            draws,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ]
        );
        let mut rng = SplitMix64::new(7);
        assert!((0..1_000).all(|_| rng.below(10) < 10 && rng.index(3) < 3));
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.pick(&[]), "");
    }
}

//! Random streams: one independent generator per purpose.
//!
//! A stream's seed is derived from (master seed, replication, purpose name)
//! only, never from scenario parameters. Changing a policy therefore leaves
//! the arrivals and handle times a run sees untouched, which gives common
//! random numbers when two scenarios are compared, and the same seed gives
//! the same numbers on every platform and thread count.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator behind every stream: fast, small, statistically strong, and
/// fully determined by its seed.
pub type Stream = Xoshiro256PlusPlus;

/// SplitMix64's finaliser: a bijective mix that spreads nearby inputs
/// (seed 1 and seed 2) over the whole 64-bit space.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over the purpose name: stable across Rust versions and platforms,
/// unlike `std::hash`.
fn name_hash(purpose: &str) -> u64 {
    purpose.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// The 64-bit seed of the stream for `purpose` in `replication` of a run with
/// `master_seed`.
pub fn stream_seed(master_seed: u64, replication: u64, purpose: &str) -> u64 {
    mix(mix(mix(master_seed) ^ replication) ^ name_hash(purpose))
}

/// Hands out the streams of one replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamSeeds {
    master_seed: u64,
    replication: u64,
}

impl StreamSeeds {
    /// Streams of replication `replication` (0 for a single run) under `master_seed`.
    pub fn new(master_seed: u64, replication: u64) -> Self {
        Self {
            master_seed,
            replication,
        }
    }

    /// A fresh generator for `purpose` ("arrivals", "handle_time", ...).
    pub fn stream(&self, purpose: &str) -> Stream {
        Stream::seed_from_u64(self.seed(purpose))
    }

    /// The seed of `purpose`, as a base for [`keyed_stream`].
    pub fn seed(&self, purpose: &str) -> u64 {
        stream_seed(self.master_seed, self.replication, purpose)
    }
}

/// A generator for one draw (or a few) identified by `key` under `base`: a
/// counter-based stream. A model draws what belongs to one entity (a case's
/// resolution at its third visit, the length of its second hold) from the
/// stream of that entity's key, so the draw does not depend on how events of
/// other entities interleave: two policies that route a call the same way
/// give it the same numbers (common random numbers that survive a policy
/// change).
#[inline]
pub fn keyed_stream(base: u64, key: [u64; 3]) -> Stream {
    let seed = key.iter().fold(base, |acc, k| mix(acc ^ *k));
    Stream::seed_from_u64(seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn same_inputs_same_stream() {
        let seeds = StreamSeeds::new(42, 3);
        let a: Vec<u64> = (0..4)
            .map({
                let mut s = seeds.stream("arrivals");
                move |_| s.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut s = seeds.stream("arrivals");
                move |_| s.next_u64()
            })
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn seeds_differ_by_every_input() {
        let base = stream_seed(1, 0, "arrivals");
        assert_ne!(base, stream_seed(2, 0, "arrivals"));
        assert_ne!(base, stream_seed(1, 1, "arrivals"));
        assert_ne!(base, stream_seed(1, 0, "handle_time"));
    }

    #[test]
    fn keyed_streams_depend_on_every_part_of_the_key() {
        let first = |key| keyed_stream(7, key).next_u64();
        let base = first([1, 2, 3]);
        assert_eq!(base, first([1, 2, 3]));
        for other in [[0, 2, 3], [1, 0, 3], [1, 2, 0], [3, 2, 1]] {
            assert_ne!(base, first(other));
        }
        assert_ne!(base, keyed_stream(8, [1, 2, 3]).next_u64());
    }

    #[test]
    fn seed_derivation_is_frozen() {
        // Changing the derivation changes every published result: these values
        // (computed independently, in Python, from the SplitMix64 and FNV-1a
        // definitions) may only change with a documented break of
        // reproducibility.
        assert_eq!(name_hash(""), 0xCBF2_9CE4_8422_2325);
        assert_eq!(mix(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(stream_seed(1, 0, "arrivals"), 0x183C_73A6_6D78_6A0C);
        assert_eq!(stream_seed(42, 7, "patience"), 0xBA0A_259E_73D8_1750);
    }
}

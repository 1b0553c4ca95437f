//! Who can work on what: skills, languages, escalation targets and which
//! tiers may help which, precomputed once so routing is table look-ups.

use crate::scenario::{Helpdesk, Tier};

/// Routing tables derived from the tiers' skills and languages.
#[derive(Debug, Clone)]
pub(super) struct TierMap {
    languages: usize,
    /// `skilled[j][topic * languages + language]`: tier `j` can work on it.
    skilled: Vec<Vec<bool>>,
    /// `servers[k]`: tiers whose agents may take work waiting for tier `k`,
    /// ascending (`k` itself first).
    pub servers: Vec<Vec<u8>>,
    /// `serves[j]`: tiers whose waiting work an agent of tier `j` takes, in
    /// the order it looks: its own tier, then lower tiers from the nearest down.
    pub serves: Vec<Vec<u8>>,
}

impl TierMap {
    pub fn new(desk: &Helpdesk) -> Self {
        let topics = desk.topics.names.len();
        let languages = desk.languages.names.len();
        let skilled = desk
            .tiers
            .iter()
            .map(|tier| {
                (0..topics * languages)
                    .map(|i| tier.skills[i / languages] && tier.languages[i % languages])
                    .collect()
            })
            .collect();
        let n = desk.tiers.len();
        let can_help = |j: usize, k: usize| {
            j == k
                || (desk.routing.overflow
                    && j > k
                    && (k == 0 || covers(&desk.tiers[j], &desk.tiers[k])))
        };
        let servers = (0..n)
            .map(|k| {
                (0..n)
                    .filter(|&j| can_help(j, k))
                    .map(|j| j as u8)
                    .collect()
            })
            .collect();
        let serves = (0..n)
            .map(|j| {
                (0..=j)
                    .rev()
                    .filter(|&k| can_help(j, k))
                    .map(|k| k as u8)
                    .collect()
            })
            .collect();
        Self {
            languages,
            skilled,
            servers,
            serves,
        }
    }

    /// Tier `tier` can work on a call of this topic and language.
    #[inline]
    pub fn skilled(&self, tier: u8, topic: u8, language: u8) -> bool {
        self.skilled[usize::from(tier)][usize::from(topic) * self.languages + usize::from(language)]
    }

    /// Where a call that tier `from` did not resolve goes: the next tier up
    /// that can work on it; if none is above and `from` itself cannot work on
    /// it (a higher tier helped with an entry call), the lowest tier that can.
    /// `None`: `from` is the highest tier able to work on it.
    pub fn escalation_target(&self, from: u8, topic: u8, language: u8) -> Option<u8> {
        let n = self.skilled.len() as u8;
        let up = (from + 1..n).find(|&j| self.skilled(j, topic, language));
        if up.is_some() || self.skilled(from, topic, language) {
            return up;
        }
        (0..from).find(|&j| self.skilled(j, topic, language))
    }
}

/// `high` has every skill and language of `low`.
fn covers(high: &Tier, low: &Tier) -> bool {
    let all = |h: &[bool], l: &[bool]| h.iter().zip(l).all(|(&h, &l)| h || !l);
    all(&high.skills, &low.skills) && all(&high.languages, &low.languages)
}

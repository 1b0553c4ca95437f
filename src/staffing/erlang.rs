//! Exact steady-state results for the classic call-center queues: Erlang B
//! (M/M/c/c, blocking), Erlang C (M/M/c, waiting) and Erlang A (M/M/c+M,
//! waiting with exponential patience), and the minimum staffing for a
//! service-level target.
//!
//! These are what managers' calculators compute; callsim gives them next to
//! the simulated answer and checks its simulator against them. Everything is
//! computed by recursions and in log space, so 5,000 agents and 5,000
//! Erlangs neither overflow nor lose precision. Time is in seconds.

use statrs::distribution::{Continuous, ContinuousCDF, Normal};
use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};

/// Erlang B: the probability that a call finds all `c` lines busy when
/// `load` Erlangs are offered. The recursion B(k) = R B(k-1) / (k + R B(k-1))
/// never overflows.
pub fn erlang_b(c: u32, load: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = load * b / (f64::from(k) + load * b);
    }
    b
}

/// Erlang C: the probability that a call waits (all `c` agents busy) with
/// `load` Erlangs offered; 1 when the queue is unstable (`load >= c`).
pub fn erlang_c(c: u32, load: f64) -> f64 {
    let n = f64::from(c);
    if load >= n {
        return 1.0;
    }
    let b = erlang_b(c, load);
    b / (1.0 - load / n * (1.0 - b))
}

/// A queue: Poisson arrivals, exponential handle times, `agents` agents
/// and, for Erlang A, exponential patience.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Queue {
    /// Arrivals per second.
    pub rate: f64,
    /// Mean handle time, seconds.
    pub aht: f64,
    /// Agents answering the queue.
    pub agents: u32,
    /// Mean patience, seconds; `None`: nobody abandons (Erlang C).
    pub patience: Option<f64>,
}

/// What a queue achieves in the long run, per offered call.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Measures {
    /// Offered load: arrival rate × handle time.
    pub load_erlangs: f64,
    /// load / agents.
    pub rho: f64,
    /// P(a call finds every agent busy).
    pub p_wait: f64,
    /// P(a call hangs up before an answer); 0 without patience.
    pub p_abandon: f64,
    /// Answered within the threshold / offered (callsim's `service_level`).
    pub service_level: f64,
    /// Mean wait of answered calls.
    pub asa: f64,
    /// Mean wait of all offered calls (abandoned ones until they hang up).
    pub mean_wait_all: f64,
    /// Mean fraction of agents busy.
    pub occupancy: f64,
}

impl Queue {
    /// Offered load in erlangs: arrival rate × mean handle time.
    pub fn load(&self) -> f64 {
        self.rate * self.aht
    }

    /// The service level alone (cheaper than [`Queue::measures`]: no mean
    /// wait); `None` for an unstable Erlang C queue.
    pub fn service_level(&self, threshold: f64) -> Option<f64> {
        match self.patience {
            None => self.erlang_c_measures(threshold).map(|m| m.service_level),
            Some(patience) => {
                let core = self.erlang_a_core(patience);
                Some(answered_within(&core, threshold))
            }
        }
    }

    /// P(V > 0) and its complement, rho, x = n mu / theta, y = lambda /
    /// theta and theta.
    fn erlang_a_core(&self, patience: f64) -> Core {
        let load = self.load();
        let c = f64::from(self.agents);
        let theta = 1.0 / patience;
        let x = c / self.aht / theta;
        let y = self.rate / theta;
        let inv_a = (-ln_a(x, y)).exp();
        let b = erlang_b(self.agents, load);
        let denominator = inv_a + b * (1.0 - inv_a);
        Core {
            p_wait: b / denominator,
            // 1 - P(V > 0) without the cancellation when nearly everyone
            // waits.
            p_no_wait: inv_a * (1.0 - b) / denominator,
            rho: load / c,
            x,
            y,
            theta,
        }
    }

    /// The long-run measures with service-level threshold `threshold`
    /// seconds; `None` for an Erlang C queue that is unstable.
    pub fn measures(&self, threshold: f64) -> Option<Measures> {
        match self.patience {
            None => self.erlang_c_measures(threshold),
            Some(p) => Some(self.erlang_a_measures(p, threshold)),
        }
    }

    fn erlang_c_measures(&self, t: f64) -> Option<Measures> {
        let load = self.load();
        let c = f64::from(self.agents);
        if load >= c {
            return None;
        }
        let p_wait = erlang_c(self.agents, load);
        let drain = c / self.aht - self.rate; // c mu - lambda
        let sl = 1.0 - p_wait * (-drain * t).exp();
        let asa = p_wait / drain;
        Some(Measures {
            load_erlangs: load,
            rho: load / c,
            p_wait,
            p_abandon: 0.0,
            service_level: sl,
            asa,
            mean_wait_all: asa,
            occupancy: load / c,
        })
    }

    /// Mandelbaum and Zeltyn's formulas for M/M/n+M, with x = n mu / theta,
    /// y = lambda / theta.
    fn erlang_a_measures(&self, patience: f64, t: f64) -> Measures {
        let load = self.load();
        let core = self.erlang_a_core(patience);
        let Core {
            p_wait,
            rho,
            x,
            y,
            theta,
            ..
        } = core;
        let (abandon_share, answered_wait) = waiting_series(x, y);
        let p_abandon = p_wait * abandon_share;
        let p_answered = 1.0 - p_abandon;
        let sl = |s: f64| answered_within(&core, s);
        // E[W] = P(ab) / theta: each waiting caller abandons at rate theta.
        let mean_wait_all = p_abandon / theta;
        Measures {
            load_erlangs: load,
            rho,
            p_wait,
            p_abandon,
            service_level: sl(t),
            asa: p_wait * answered_wait / theta / p_answered,
            mean_wait_all,
            occupancy: rho * p_answered,
        }
    }
}

/// ln A(x, y), A(x, y) = sum over j >= 0 of y^j / prod_{k=1..j} (x + k),
/// summed in log space (its terms grow to e^(hundreds) for large loads).
fn ln_a(x: f64, y: f64) -> f64 {
    // Running log-sum-exp: `max` the largest log term so far, `sum` the
    // terms scaled by e^(-max).
    let (mut ln_term, mut max, mut sum) = (0.0f64, 0.0f64, 1.0f64); // j = 0
    let mut j = 0.0;
    loop {
        j += 1.0;
        ln_term += y.ln() - (x + j).ln();
        if ln_term > max {
            sum = sum * (max - ln_term).exp() + 1.0;
            max = ln_term;
        } else {
            sum += (ln_term - max).exp();
        }
        // Past the peak the terms fall at least geometrically.
        if (j > y - x && ln_term < max - 40.0) || j > 1e7 {
            break;
        }
    }
    max + sum.ln()
}

/// ln P(a, z), P the regularized lower incomplete gamma function. Below the
/// mean (z < a) P underflows for large a, so it is taken from its series in
/// log space: P(a, z) = z^a e^(-z) / Gamma(a + 1) * A(a, z).
fn ln_p(a: f64, z: f64) -> f64 {
    if z <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if z >= a {
        return gamma_lr(a, z).ln();
    }
    a * z.ln() - z - ln_gamma(a + 1.0) + ln_a(a, z)
}

/// The quantities of an Erlang A queue its measures are built from.
#[derive(Debug, Clone, Copy)]
struct Core {
    p_wait: f64,
    p_no_wait: f64,
    rho: f64,
    x: f64,
    y: f64,
    theta: f64,
}

/// P(answered, W <= s) = 1 - P(V>0) + (P(V>0)/rho) [P(x+1, y) - P(x+1, y
/// e^(-theta s))] / P(x, y). The difference is taken where it does not
/// cancel: from P, in log space, below the mean x + 1, and from the upper
/// tails Q = 1 - P above it, where P is 1 to within a few ulps. Likewise
/// 1 - P(V>0) is computed directly. (Subtracting numbers near 1 cost up to
/// 3e-9 of a small service level on an overloaded queue.)
fn answered_within(core: &Core, s: f64) -> f64 {
    let &Core {
        p_wait,
        p_no_wait,
        rho,
        x,
        y,
        theta,
    } = core;
    let (a, hi, lo) = (x + 1.0, y, y * (-theta * s).exp());
    let ln_px = ln_p(x, y);
    let between = if lo >= a {
        (gamma_ur(a, lo) - gamma_ur(a, hi)) / ln_px.exp()
    } else {
        (ln_p(a, hi) - ln_px).exp() - (ln_p(a, lo) - ln_px).exp()
    };
    p_no_wait + p_wait / rho * between
}

/// Two figures of the callers who wait, as series over the queue an arrival
/// finds: P(abandon | wait), and theta E[W; answered | wait] (the mean wait
/// of answered calls times P(answered), per waiting caller, in units of
/// 1 / theta).
///
/// An arrival that finds all n agents busy and k callers waiting does so
/// with probability t_k / A(x, y) among those who wait, t_k = y^k /
/// prod_{i=1..k} (x + i) (the terms of [`ln_a`]). While i callers are ahead
/// of it, its place moves up at rate theta (x + i) and it hangs up at rate
/// theta, so it is answered with probability x / (x + k + 1), abandons with
/// probability (k + 1) / (x + k + 1), and E[W; answered | k] is the chance
/// of an answer times the sum over i = 1..k+1 of 1 / (theta (x + i)) (the
/// derivative of the offered wait's Laplace transform at theta). Summed in
/// log space with one running maximum for A and the weighted sums, so the
/// ratios are exact to rounding at any size, without the cancellation of
/// the closed form 1 - 1/rho + 1/(rho A) at light load. (A numerical
/// integral of the incomplete-gamma form of the wait lost the sixth digit
/// at one agent, where its integrand has an infinite slope at 0.)
fn waiting_series(x: f64, y: f64) -> (f64, f64) {
    // k = 0: t_0 = 1.
    let mut harmonic = 1.0 / (x + 1.0);
    let (mut ln_term, mut max) = (0.0f64, 0.0f64);
    let mut sum_a = 1.0f64;
    let mut sum_abandon = 1.0 / (x + 1.0);
    let mut sum_wait = x / (x + 1.0) * harmonic;
    let mut k = 0.0;
    loop {
        k += 1.0;
        ln_term += y.ln() - (x + k).ln();
        harmonic += 1.0 / (x + k + 1.0);
        let abandon = (k + 1.0) / (x + k + 1.0);
        let wait = x / (x + k + 1.0) * harmonic;
        if ln_term > max {
            let scale = (max - ln_term).exp();
            sum_a = sum_a * scale + 1.0;
            sum_abandon = sum_abandon * scale + abandon;
            sum_wait = sum_wait * scale + wait;
            max = ln_term;
        } else {
            let term = (ln_term - max).exp();
            sum_a += term;
            sum_abandon += term * abandon;
            sum_wait += term * wait;
        }
        // Past the peak the terms fall at least geometrically.
        if (k > y - x && ln_term < max - 40.0) || k > 1e7 {
            break;
        }
    }
    (sum_abandon / sum_a, sum_wait / sum_a)
}

/// The fewest agents whose service level (answered within `threshold` /
/// offered) reaches `target`; `None` if even `max_agents` do not (a target of
/// 1 with abandonment, say). The service level grows with the agents, so
/// the search doubles, then bisects: a few dozen evaluations even for
/// thousands of agents.
pub fn min_agents(
    rate: f64,
    aht: f64,
    patience: Option<f64>,
    threshold: f64,
    target: f64,
    max_agents: u32,
) -> Option<u32> {
    let meets = |c: u32| {
        Queue {
            rate,
            aht,
            agents: c,
            patience,
        }
        .service_level(threshold)
        .is_some_and(|sl| sl >= target)
    };
    let load = rate * aht;
    let mut lo = match patience {
        // Erlang C needs more agents than Erlangs.
        None => (load.floor() as u32).min(max_agents),
        Some(_) => 0,
    };
    let mut hi = (lo.max(1)).min(max_agents);
    while !meets(hi) {
        if hi == max_agents {
            return None;
        }
        lo = hi;
        hi = hi.saturating_mul(2).min(max_agents);
    }
    // meets(hi), and lo fails (or is the floor below any answer).
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if meets(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// The fewest lines whose Erlang B blocking is at most `target`.
pub fn min_lines(load: f64, target: f64, max_lines: u32) -> Option<u32> {
    let mut b = 1.0;
    for k in 1..=max_lines {
        b = load * b / (f64::from(k) + load * b);
        if b <= target {
            return Some(k);
        }
    }
    None
}

/// The Halfin-Whitt quality-of-service parameter beta for which square-root
/// staffing c = R + beta sqrt(R) gives P(wait) about `p_wait`: the solution
/// of 1 / (1 + beta Phi(beta) / phi(beta)) = p_wait.
pub fn halfin_whitt_beta(p_wait: f64) -> f64 {
    let normal = Normal::standard();
    let f = |beta: f64| 1.0 / (1.0 + beta * normal.cdf(beta) / normal.pdf(beta)) - p_wait;
    let (mut lo, mut hi) = (1e-9, 10.0);
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if f(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_b_and_c_textbook_values() {
        assert!((erlang_b(15, 10.0) - 0.036_496_945_472_4).abs() < 1e-12);
        assert!((erlang_c(11, 10.0) - 0.682_118_204_689).abs() < 1e-11);
        assert_eq!(erlang_c(10, 10.0), 1.0);
    }

    #[test]
    fn the_a_series_survives_huge_arguments() {
        // Direct summation where it cannot overflow.
        let (x, y) = (30.0, 40.0);
        let (mut term, mut sum) = (1.0f64, 1.0f64);
        for j in 1..2000 {
            term *= y / (x + f64::from(j));
            sum += term;
        }
        assert!((ln_a(x, y) - sum.ln()).abs() < 1e-12);
        // The peak term alone is about e^88 here: finite in log space.
        let v = ln_a(5000.0, 6000.0);
        assert!(v.is_finite() && (88.0..100.0).contains(&v), "{v}");
        assert!(ln_a(3.0, 1e-300).abs() < 1e-15);
    }
}

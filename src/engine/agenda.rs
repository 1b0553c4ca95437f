//! The agenda: a priority queue of timed events.
//!
//! Events at the same time leave in the order they were scheduled (time, then
//! insertion sequence), never at random: a random tie-break would consume
//! random numbers and make two runs of the same seed drift apart.
//!
//! Popping leaves the root's slot empty until the next call: if that call
//! schedules (an agent who finishes a call and takes the next one), the new
//! event fills the slot in one sift-down, instead of a sift-down to fill it
//! and a sift-up to add the new one. Keys are unique, so the order in which
//! events leave does not depend on how the heap is laid out.
//!
//! Cancellation is lazy: the agenda never removes a scheduled event. A model
//! that no longer wants an event recognises it as stale when it pops (for
//! example with a [`Handle`](super::Handle) generation) and ignores it.

use super::Time;

/// The sequence bit of events scheduled with
/// [`Agenda::schedule_after_ties`]: above every sequence number an agenda
/// can reach, so they sort after the plain events of the same time.
const LATE: u64 = 1 << 63;

/// Children per node of the heap: four halve the levels a pop walks down,
/// for three compares per level instead of one.
const ARITY: usize = 4;

/// A pending event. Its key packs the time's bit pattern (which orders like
/// the time itself for the non-negative times an agenda holds) above the
/// insertion sequence, so ordering two events is one integer compare.
#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    #[inline]
    fn time(&self) -> Time {
        f64::from_bits((self.key >> 64) as u64)
    }
}

/// Future events of a simulation and its clock.
///
/// A 4-ary min-heap specialised for `Copy` events: `E` is a small value (ids,
/// not boxed data), so scheduling never allocates once the heap has grown to
/// the number of pending events, and entries move by plain copies.
#[derive(Debug, Clone)]
pub struct Agenda<E> {
    /// The heap; with `hole`, its root is the event popped last, no longer
    /// pending.
    heap: Vec<Entry<E>>,
    hole: bool,
    now: Time,
    next_seq: u64,
}

impl<E: Copy> Default for Agenda<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> Agenda<E> {
    /// An empty agenda with the clock at zero.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty agenda that can hold `capacity` pending events before it grows.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: Vec::with_capacity(capacity),
            hole: false,
            now: 0.0,
            next_seq: 0,
        }
    }

    /// The current simulated time: the time of the last event popped.
    #[inline]
    pub fn now(&self) -> Time {
        self.now
    }

    /// Schedules `event` at absolute time `time`.
    ///
    /// # Panics
    /// In debug builds, if `time` is before now or not a number: that is a
    /// model bug, as no event may happen in the past.
    #[inline]
    pub fn schedule(&mut self, time: Time, event: E) {
        debug_assert!(
            time >= self.now,
            "event scheduled in the past: {time} < {}",
            self.now
        );
        // `+ 0.0` turns -0.0 into 0.0, whose bits order correctly.
        let time_bits = (time + 0.0).to_bits();
        let key = (u128::from(time_bits) << 64) | u128::from(self.next_seq);
        self.insert(Entry { key, event });
    }

    /// Schedules `event` at absolute time `time`, after every event due at
    /// that same time that is scheduled with [`schedule`](Self::schedule),
    /// whenever it is scheduled (events of this kind keep their insertion
    /// order among themselves). For deadlines that something else happening
    /// at the very instant should beat: a caller's patience runs out only if
    /// no agent reached them by then.
    ///
    /// # Panics
    /// In debug builds, as [`schedule`](Self::schedule).
    #[inline]
    pub fn schedule_after_ties(&mut self, time: Time, event: E) {
        debug_assert!(
            time >= self.now,
            "event scheduled in the past: {time} < {}",
            self.now
        );
        let time_bits = (time + 0.0).to_bits();
        let key = (u128::from(time_bits) << 64) | u128::from(LATE | self.next_seq);
        self.insert(Entry { key, event });
    }

    /// Schedules `event` `delay` seconds from now.
    #[cfg(test)]
    pub fn schedule_in(&mut self, delay: Time, event: E) {
        self.schedule(self.now + delay, event);
    }

    /// Removes the next event, advances the clock to its time and returns it;
    /// `None` when nothing is pending.
    #[inline]
    pub fn pop(&mut self) -> Option<(Time, E)> {
        self.settle();
        let next = *self.heap.first()?;
        self.hole = true;
        self.now = next.time();
        Some((self.now, next.event))
    }

    /// Like [`pop`](Self::pop), but only if the next event is due at or before
    /// `limit`. A model that keeps a stream of its own outside the agenda
    /// (the next arrival, say) merges it with this and
    /// [`advance_to`](Self::advance_to): pending events due at the same time
    /// as the outside event go first, so the order stays deterministic.
    #[inline]
    pub fn pop_due_by(&mut self, limit: Time) -> Option<(Time, E)> {
        self.settle();
        let head = self.heap.first()?;
        if head.time() <= limit {
            self.pop()
        } else {
            None
        }
    }

    /// Like [`Agenda::pop_due_by`], and only for an event strictly before
    /// `until`: what a run paused at `until` may still process.
    #[inline]
    pub fn pop_due_before(&mut self, limit: Time, until: Time) -> Option<(Time, E)> {
        self.settle();
        let head = self.heap.first()?.time();
        if head <= limit && head < until {
            self.pop()
        } else {
            None
        }
    }

    /// Moves the clock forward to `time` for an event that does not come from
    /// the agenda.
    ///
    /// # Panics
    /// In debug builds, if `time` is before now or after the next pending event.
    #[inline]
    pub fn advance_to(&mut self, time: Time) {
        debug_assert!(
            time >= self.now,
            "clock moved backwards: {time} < {}",
            self.now
        );
        debug_assert!(
            self.hole || self.heap.first().is_none_or(|head| head.time() >= time),
            "clock moved past a pending event"
        );
        self.now = time;
    }

    /// Number of pending events (stale ones included).
    pub fn len(&self) -> usize {
        self.heap.len() - usize::from(self.hole)
    }

    /// True when no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds `entry`: into the root's empty slot if the last call popped,
    /// at the bottom otherwise.
    #[inline]
    fn insert(&mut self, entry: Entry<E>) {
        self.next_seq += 1;
        if self.hole {
            self.hole = false;
            self.sift_down_from_root(entry);
        } else {
            self.heap.push(entry);
            self.sift_up(self.heap.len() - 1);
        }
    }

    /// Fills the root's empty slot, if any, with the last entry.
    #[inline]
    fn settle(&mut self) {
        if self.hole {
            self.hole = false;
            if let Some(last) = self.heap.pop()
                && !self.heap.is_empty()
            {
                self.sift_down_from_root(last);
            }
        }
    }

    #[inline]
    fn sift_up(&mut self, mut pos: usize) {
        let entry = self.heap[pos];
        while pos > 0 {
            let parent = (pos - 1) / ARITY;
            if entry.key >= self.heap[parent].key {
                break;
            }
            self.heap[pos] = self.heap[parent];
            pos = parent;
        }
        self.heap[pos] = entry;
    }

    /// Fills the root's hole with `entry` (the former last entry, or a new
    /// event).
    ///
    /// Bottom-up: the hole first walks down to a leaf along the smallest
    /// children, then `entry` rises from there. The last entry of a heap,
    /// like a newly scheduled end of call, is usually late, so it rarely
    /// rises far: about half the compares of the textbook sift-down.
    #[inline]
    fn sift_down_from_root(&mut self, entry: Entry<E>) {
        let heap = &mut self.heap[..];
        let n = heap.len();
        let mut pos = 0;
        loop {
            let first = ARITY * pos + 1;
            let child = if let Some(kids) = heap.get(first..first + ARITY) {
                // The smaller of each pair, then the smaller of the two.
                let a = usize::from(kids[1].key < kids[0].key);
                let b = 2 + usize::from(kids[3].key < kids[2].key);
                first + if kids[b].key < kids[a].key { b } else { a }
            } else if first < n {
                // Fewer than four children: their smallest is a leaf.
                (first + 1..n).fold(first, |c, i| if heap[i].key < heap[c].key { i } else { c })
            } else {
                break;
            };
            heap[pos] = heap[child];
            pos = child;
        }
        while pos > 0 {
            let parent = (pos - 1) / ARITY;
            if entry.key >= heap[parent].key {
                break;
            }
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = entry;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_after_ties_leave_after_every_plain_event_of_their_time() {
        let mut agenda = Agenda::new();
        agenda.schedule_after_ties(2.0, 'x');
        agenda.schedule(2.0, 'a');
        agenda.schedule_after_ties(2.0, 'y');
        agenda.schedule(1.0, 'e');
        agenda.schedule(3.0, 'z');
        agenda.schedule(2.0, 'b');
        let order: String = std::iter::from_fn(|| agenda.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, "eabxyz");
    }

    #[test]
    fn pops_in_time_order_and_advances_the_clock() {
        let mut agenda = Agenda::new();
        agenda.schedule(5.0, 'c');
        agenda.schedule(1.0, 'a');
        agenda.schedule(3.0, 'b');
        assert_eq!(agenda.pop(), Some((1.0, 'a')));
        assert_eq!(agenda.now(), 1.0);
        agenda.schedule_in(1.0, 'x');
        assert_eq!(agenda.pop(), Some((2.0, 'x')));
        assert_eq!(agenda.pop(), Some((3.0, 'b')));
        assert_eq!(agenda.pop(), Some((5.0, 'c')));
        assert_eq!(agenda.pop(), None);
        assert!(agenda.is_empty());
    }

    #[test]
    fn ties_leave_in_insertion_order() {
        let mut agenda = Agenda::new();
        for i in 0..100u32 {
            agenda.schedule(if i % 2 == 0 { 7.0 } else { 3.0 }, i);
        }
        let order: Vec<u32> = std::iter::from_fn(|| agenda.pop().map(|(_, e)| e)).collect();
        let odds: Vec<u32> = (0..100).filter(|i| i % 2 == 1).collect();
        let evens: Vec<u32> = (0..100).filter(|i| i % 2 == 0).collect();
        assert_eq!(order, [odds, evens].concat());
    }

    #[test]
    fn an_event_scheduled_after_a_pop_takes_the_popped_slot() {
        let mut agenda = Agenda::new();
        agenda.schedule(1.0, 'a');
        assert_eq!(agenda.pop(), Some((1.0, 'a')));
        assert!(agenda.is_empty());
        agenda.schedule(2.0, 'b');
        assert_eq!(agenda.len(), 1);
        for (t, e) in [(5.0, 'e'), (3.0, 'c'), (4.0, 'd')] {
            agenda.schedule(t, e);
        }
        assert_eq!(agenda.pop(), Some((2.0, 'b')));
        assert_eq!(agenda.len(), 3);
        agenda.schedule(2.5, 'x');
        assert_eq!(agenda.pop(), Some((2.5, 'x')));
        assert_eq!(agenda.pop(), Some((3.0, 'c')));
        assert_eq!(agenda.pop_due_by(3.5), None);
        assert_eq!(agenda.pop_due_before(9.0, 4.0), None);
        assert_eq!(agenda.pop_due_before(9.0, 4.5), Some((4.0, 'd')));
        agenda.schedule_after_ties(5.0, 'z');
        agenda.schedule(5.0, 'y');
        let rest: String = std::iter::from_fn(|| agenda.pop().map(|(_, e)| e)).collect();
        assert_eq!(rest, "eyz");
        assert!(agenda.is_empty());
        assert_eq!(agenda.pop(), None);
    }

    #[test]
    fn merges_an_outside_stream_deterministically() {
        let mut agenda = Agenda::new();
        agenda.schedule(1.0, 'a');
        agenda.schedule(2.0, 'b');
        assert_eq!(agenda.pop_due_by(0.5), None);
        agenda.advance_to(0.5);
        assert_eq!(agenda.now(), 0.5);
        assert_eq!(
            agenda.pop_due_by(1.0),
            Some((1.0, 'a')),
            "ties go to the agenda"
        );
        assert_eq!(agenda.pop_due_by(f64::INFINITY), Some((2.0, 'b')));
        assert_eq!(agenda.pop_due_by(f64::INFINITY), None);
    }

    #[test]
    fn agrees_with_a_sorted_reference_on_random_schedules() {
        use rand::{RngExt, SeedableRng};
        use std::collections::BTreeSet;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(9);
        let mut agenda = Agenda::new();
        // (time's bits, late, sequence): the order events must leave in.
        let mut reference = BTreeSet::new();
        let mut seq = 0u64;
        for _ in 0..50_000 {
            if rng.random_bool(0.55) || agenda.is_empty() {
                // Coarse times make ties frequent.
                let t = agenda.now() + f64::from(rng.random_range(0..20u32)) / 4.0;
                let late = rng.random_bool(0.2);
                if late {
                    agenda.schedule_after_ties(t, seq);
                } else {
                    agenda.schedule(t, seq);
                }
                reference.insert((t.to_bits(), late, seq));
                seq += 1;
            } else {
                let (t, e) = agenda.pop().unwrap();
                let (bits, _, s) = reference.pop_first().unwrap();
                assert_eq!((t.to_bits(), e), (bits, s));
            }
            assert_eq!(agenda.len(), reference.len());
        }
        while let Some((t, e)) = agenda.pop() {
            let (bits, _, s) = reference.pop_first().unwrap();
            assert_eq!((t.to_bits(), e), (bits, s));
        }
        assert!(reference.is_empty());
    }
}

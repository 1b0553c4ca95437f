//! A slab: entities in a `Vec`, addressed by small indices, with freed slots
//! reused. Memory depends on how many entities are alive at once, never on
//! how many were ever created.
//!
//! Each slot has a generation that changes when the slot is freed, so a
//! [`Handle`] kept by a stale event (an abandonment timer for a call that was
//! answered long ago) is recognised as stale even after the slot is reused:
//! that is what makes lazy cancellation safe.

/// A reference to a slab entry that knows which occupant it meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Handle {
    index: u32,
    generation: u32,
}

impl Handle {
    /// A handle no slab ever hands out: a placeholder for "no entity".
    pub const DANGLING: Self = Self {
        index: u32::MAX,
        generation: u32::MAX,
    };

    /// The slot index (dense, starting at 0).
    #[cfg(test)]
    pub fn index(self) -> u32 {
        self.index
    }
}

#[derive(Debug, Clone)]
struct Slot<T> {
    generation: u32,
    value: Option<T>,
}

/// Entities with stable handles and reusable slots.
#[derive(Debug, Clone)]
pub struct Slab<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    len: usize,
}

/// Access to an entity the caller knows is alive. A stale handle here is a
/// bug in the model, not a user error: it panics (and the CLI reports an
/// internal error).
impl<T> std::ops::Index<Handle> for Slab<T> {
    type Output = T;

    #[inline]
    fn index(&self, handle: Handle) -> &T {
        self.get(handle).expect("a live slab handle")
    }
}

impl<T> std::ops::IndexMut<Handle> for Slab<T> {
    #[inline]
    fn index_mut(&mut self, handle: Handle) -> &mut T {
        self.get_mut(handle).expect("a live slab handle")
    }
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Slab<T> {
    /// An empty slab.
    pub fn new() -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }

    /// Stores `value` in a free slot (or a new one) and returns its handle.
    #[inline]
    pub fn insert(&mut self, value: T) -> Handle {
        self.len += 1;
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.value = Some(value);
            Handle {
                index,
                generation: slot.generation,
            }
        } else {
            let index = u32::try_from(self.slots.len()).expect("more than 2^32 live entities");
            self.slots.push(Slot {
                generation: 0,
                value: Some(value),
            });
            Handle {
                index,
                generation: 0,
            }
        }
    }

    /// The entity behind `handle`, or `None` if it has been removed since.
    #[inline]
    pub fn get(&self, handle: Handle) -> Option<&T> {
        let slot = self.slots.get(handle.index as usize)?;
        if slot.generation == handle.generation {
            slot.value.as_ref()
        } else {
            None
        }
    }

    /// Mutable access to the entity behind `handle`, if it is still there.
    #[inline]
    pub fn get_mut(&mut self, handle: Handle) -> Option<&mut T> {
        let slot = self.slots.get_mut(handle.index as usize)?;
        if slot.generation == handle.generation {
            slot.value.as_mut()
        } else {
            None
        }
    }

    /// Removes and returns the entity; its slot becomes free and every
    /// existing handle to it becomes stale.
    #[inline]
    pub fn remove(&mut self, handle: Handle) -> Option<T> {
        let slot = self.slots.get_mut(handle.index as usize)?;
        if slot.generation != handle.generation {
            return None;
        }
        let value = slot.value.take()?;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(handle.index);
        self.len -= 1;
        Some(value)
    }

    /// Number of live entities.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Slots ever allocated: the high-water mark of live entities.
    pub fn capacity_used(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_slots_and_invalidates_old_handles() {
        let mut slab = Slab::new();
        let a = slab.insert("a");
        let b = slab.insert("b");
        assert_eq!(slab.remove(a), Some("a"));
        assert_eq!(slab.get(a), None);
        let c = slab.insert("c");
        assert_eq!(c.index(), a.index(), "freed slot is reused");
        assert_eq!(slab.get(a), None, "stale handle stays stale after reuse");
        assert_eq!(slab.get(c), Some(&"c"));
        assert_eq!(slab.get(b), Some(&"b"));
        assert_eq!(slab.remove(a), None);
        assert_eq!(slab.len(), 2);
        assert_eq!(slab.capacity_used(), 2);
    }
}

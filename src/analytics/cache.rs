//! A small bounded map for the figures cache: when full, the entry stored first goes.
//! Values are shared (`Arc`) so a hit costs a clone of a pointer.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::Arc;

pub struct Bounded<K, V> {
    capacity: usize,
    map: HashMap<K, Arc<V>>,
    order: VecDeque<K>,
}

impl<K: Clone + Eq + Hash, V> Bounded<K, V> {
    pub fn new(capacity: usize) -> Self {
        Bounded { capacity: capacity.max(1), map: HashMap::new(), order: VecDeque::new() }
    }

    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.map.get(key).cloned()
    }

    pub fn insert(&mut self, key: K, value: Arc<V>) {
        if self.map.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.map.remove(&oldest);
            }
        }
    }

    pub fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_stored_goes_when_full() {
        let mut cache = Bounded::new(2);
        for key in 1..=3 {
            cache.insert(key, Arc::new(key * 10));
        }
        assert_eq!(cache.get(&1), None);
        assert_eq!(cache.get(&3).as_deref(), Some(&30));
        cache.clear();
        assert_eq!(cache.get(&3), None);
    }
}

use std::collections::BTreeMap;

use serde::Serialize;

use crate::EstimateError;

/// Most lists a [`CaptureHistories`] can hold (masks are `u32`, and the
/// latent-class sampler walks all 2^K patterns).
pub const MAX_LISTS: usize = 8;

/// Counts of capture histories over K lists (1 <= K <= 8; estimation needs
/// K >= 2). Bit i of a mask = on list i. Mask 0 is never observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaptureHistories {
    lists: Vec<String>,
    counts: BTreeMap<u32, u64>,
}

impl CaptureHistories {
    /// An empty table over these lists (names non-empty and distinct).
    pub fn new(lists: Vec<String>) -> Result<Self, EstimateError> {
        if lists.is_empty() {
            return Err(EstimateError::TooFewLists { got: 0 });
        }
        if lists.len() > MAX_LISTS {
            return Err(EstimateError::TooManyLists {
                got: lists.len(),
                max: MAX_LISTS,
            });
        }
        for (i, name) in lists.iter().enumerate() {
            if name.trim().is_empty() || lists[..i].contains(name) {
                return Err(EstimateError::BadListName(name.clone()));
            }
        }
        Ok(CaptureHistories {
            lists,
            counts: BTreeMap::new(),
        })
    }

    /// Adds `count` people with capture history `mask` (adds to any count
    /// already there).
    pub fn add(&mut self, mask: u32, count: u64) -> Result<(), EstimateError> {
        if mask == 0 {
            return Err(EstimateError::MaskZero);
        }
        if mask >> self.lists.len() != 0 {
            return Err(EstimateError::MaskOutOfRange {
                mask,
                lists: self.lists.len(),
            });
        }
        if count == 0 {
            return Ok(());
        }
        // The total must stay representable too: documented() sums them.
        self.documented()
            .checked_add(count)
            .ok_or(EstimateError::CountOverflow { mask })?;
        *self.counts.entry(mask).or_insert(0) += count;
        Ok(())
    }

    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// People with exactly this capture history (0 for mask 0 or beyond K).
    pub fn count(&self, mask: u32) -> u64 {
        self.counts.get(&mask).copied().unwrap_or(0)
    }

    /// Distinct people on any list.
    pub fn documented(&self) -> u64 {
        self.counts.values().sum()
    }

    /// The non-zero cells, by mask.
    pub fn cells(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.counts.iter().map(|(&m, &c)| (m, c))
    }

    /// People on list `i`.
    pub fn list_size(&self, i: usize) -> u64 {
        self.cells()
            .filter(|(m, _)| m >> i & 1 == 1)
            .map(|(_, c)| c)
            .sum()
    }

    /// People on both list `a` and list `b`.
    pub fn pair_overlap(&self, a: usize, b: usize) -> u64 {
        let both = (1u32 << a) | (1u32 << b);
        self.cells()
            .filter(|(m, _)| m & both == both)
            .map(|(_, c)| c)
            .sum()
    }

    /// People on more than one list.
    pub fn overlapping(&self) -> u64 {
        self.cells()
            .filter(|(m, _)| m.count_ones() > 1)
            .map(|(_, c)| c)
            .sum()
    }

    /// Projects onto the lists `keep` (in that order: new list t is old list
    /// `keep[t]`), dropping people who are on none of them.
    pub fn restrict(&self, keep: &[usize]) -> Result<CaptureHistories, EstimateError> {
        let k = self.lists.len();
        for (t, &i) in keep.iter().enumerate() {
            if i >= k {
                return Err(EstimateError::IndexOutOfRange { index: i, lists: k });
            }
            if keep[..t].contains(&i) {
                return Err(EstimateError::DuplicateIndex(i));
            }
        }
        let mut out = CaptureHistories::new(keep.iter().map(|&i| self.lists[i].clone()).collect())?;
        for (mask, count) in self.cells() {
            let projected = keep
                .iter()
                .enumerate()
                .fold(0u32, |acc, (t, &i)| acc | ((mask >> i & 1) << t));
            if projected != 0 {
                out.add(projected, count)?;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(k: usize) -> Vec<String> {
        (0..k).map(|i| format!("L{i}")).collect()
    }

    #[test]
    fn rejects_mask_zero_and_beyond_k() {
        let mut h = CaptureHistories::new(names(3)).unwrap();
        assert_eq!(h.add(0, 5), Err(EstimateError::MaskZero));
        assert!(matches!(
            h.add(0b1000, 1),
            Err(EstimateError::MaskOutOfRange { .. })
        ));
        assert!(h.add(0b111, 2).is_ok());
        assert_eq!(h.count(0b111), 2);
    }

    #[test]
    fn rejects_bad_list_sets() {
        assert!(CaptureHistories::new(vec![]).is_err());
        assert!(CaptureHistories::new(names(9)).is_err());
        assert!(CaptureHistories::new(vec!["a".into(), "a".into()]).is_err());
        assert!(CaptureHistories::new(vec!["a".into(), " ".into()]).is_err());
        assert!(CaptureHistories::new(names(8)).is_ok());
    }

    #[test]
    fn overflow_is_an_error() {
        let mut h = CaptureHistories::new(names(2)).unwrap();
        h.add(1, u64::MAX).unwrap();
        assert!(matches!(
            h.add(2, 1),
            Err(EstimateError::CountOverflow { .. })
        ));
    }

    #[test]
    fn restrict_projects_and_drops() {
        let mut h = CaptureHistories::new(names(3)).unwrap();
        h.add(0b001, 10).unwrap();
        h.add(0b010, 20).unwrap();
        h.add(0b100, 30).unwrap();
        h.add(0b011, 4).unwrap();
        h.add(0b111, 1).unwrap();
        let r = h.restrict(&[2, 0]).unwrap();
        assert_eq!(r.lists(), &["L2".to_string(), "L0".to_string()]);
        assert_eq!(r.count(0b01), 30); // on L2 only
        assert_eq!(r.count(0b10), 14); // on L0 only (10 + 4 from 011)
        assert_eq!(r.count(0b11), 1);
        assert_eq!(r.documented(), 45); // the 20 on L1 only are dropped
        assert!(h.restrict(&[0, 0]).is_err());
        assert!(h.restrict(&[3]).is_err());
    }
}

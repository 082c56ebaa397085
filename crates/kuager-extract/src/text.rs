//! Character-offset helpers shared by the extractors.

/// Byte offset -> character offset table for one text.
pub(crate) struct CharIndex {
    byte_to_char: Vec<usize>,
}

impl CharIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut byte_to_char = vec![0; text.len() + 1];
        let mut chars = 0;
        for (b, _) in text.char_indices() {
            byte_to_char[b] = chars;
            chars += 1;
        }
        // Fill continuation bytes and the end so any boundary maps.
        let mut last = 0;
        for (b, slot) in byte_to_char.iter_mut().enumerate() {
            if text.is_char_boundary(b) {
                last = if b == text.len() { chars } else { *slot };
                *slot = last;
            } else {
                *slot = last;
            }
        }
        CharIndex { byte_to_char }
    }

    /// Character offset of a byte offset that lies on a char boundary.
    pub(crate) fn char_at(&self, byte: usize) -> usize {
        self.byte_to_char[byte]
    }
}

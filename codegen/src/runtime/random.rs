//! The oracles' small deterministic generator (xorshift64*), so that a failure reproduces.

pub(super) struct Random(pub(super) u64);

impl Random {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(super) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Up to `max` of `items`, joined with `separator`.
    pub(super) fn join(&mut self, items: &[&str], max: usize, separator: &str) -> String {
        let count = self.below(max + 1);
        (0..count).map(|_| self.pick(items)).collect::<Vec<_>>().join(separator)
    }

    /// Fewer than `below` random bytes.
    pub(super) fn bytes(&mut self, below: usize) -> Vec<u8> {
        (0..self.below(below)).map(|_| self.next() as u8).collect()
    }

    /// `min` to `max` characters, of one to four bytes.
    pub(super) fn text(&mut self, min: usize, max: usize) -> String {
        const CHARS: &[char] = &['a', 'Z', '0', ':', '-', ' ', 'é', '€', '𝄞'];
        (0..min + self.below(max - min + 1)).map(|_| CHARS[self.below(CHARS.len())]).collect()
    }

    /// Mostly small numbers, sometimes the extremes.
    pub(super) fn number(&mut self) -> i64 {
        match self.below(4) {
            0 => [i64::MIN, i64::MAX, 0, -1][self.below(4)],
            1 => self.next() as i64,
            _ => self.below(2000) as i64 - 1000,
        }
    }
}

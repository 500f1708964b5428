//! Byte searches whose implementation is chosen once, not at every call.
//!
//! `memchr::memchr` and its kin choose the best implementation for the
//! machine at each call, and set it up for the haystack. That costs little
//! on a long haystack, but the reader searches short ones by the tens of
//! thousands (each path for its braces, each field list for its next
//! stop): on Microsoft Graph the choice and set-up were a third of every
//! search. (Lines and their braces are found 64 bytes at a time instead:
//! [`super::blocks`].) Here memchr's AVX2 searchers are made
//! once where the machine has AVX2; elsewhere the choosing functions serve.

#[cfg(target_arch = "x86_64")]
use memchr::arch::x86_64::avx2::memchr as avx2;

/// A byte class as a table, built at compile time: a search for a set of
/// bytes too large for memchr's searchers (or too short to pay for one)
/// is one lookup per byte, where a chain of comparisons cost twice as
/// many instructions.
pub(crate) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// What consumes the offsets a search finds. A trait rather than a
/// closure, so that each implementation's iterator is its own type,
/// inlined into the consumer (an iterator that chose at every step, or a
/// `dyn` one, cost more than the choice saved).
pub(crate) trait Hits {
    type Out;
    fn take(self, offsets: impl Iterator<Item = usize>) -> Self::Out;
}

/// Hands `hits` the offset of every `a` and every `b` in `haystack`, in order.
pub(crate) fn each_of_two<H: Hits>(a: u8, b: u8, haystack: &[u8], hits: H) -> H::Out {
    #[cfg(target_arch = "x86_64")]
    if let Some(two) = avx2::Two::new(a, b) {
        return hits.take(two.iter(haystack));
    }
    hits.take(memchr::memchr2_iter(a, b, haystack))
}

/// A search for any of three bytes, made once and asked many times.
pub(crate) struct AnyOfThree {
    bytes: (u8, u8, u8),
    #[cfg(target_arch = "x86_64")]
    avx2: Option<avx2::Three>,
}

impl AnyOfThree {
    pub(crate) fn new(a: u8, b: u8, c: u8) -> AnyOfThree {
        AnyOfThree {
            bytes: (a, b, c),
            #[cfg(target_arch = "x86_64")]
            avx2: avx2::Three::new(a, b, c),
        }
    }

    /// The offset of the first `a`, `b` or `c` in `haystack`.
    pub(crate) fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(three) = &self.avx2 {
            return three.find(haystack);
        }
        let (a, b, c) = self.bytes;
        memchr::memchr3(a, b, c, haystack)
    }
}

#[cfg(test)]
mod tests {
    use super::{AnyOfThree, Hits, each_of_two};

    struct Collect;

    impl Hits for Collect {
        type Out = Vec<usize>;
        fn take(self, offsets: impl Iterator<Item = usize>) -> Vec<usize> {
            offsets.collect()
        }
    }

    #[test]
    fn the_searchers_find_what_memchr_finds() {
        let hay = b"ab{c}\nd{{e,\n}\nf,".repeat(9);
        let stops = AnyOfThree::new(b',', b'{', b'}');
        for from in 0..hay.len() {
            let rest = &hay[from..];
            assert_eq!(stops.find(rest), memchr::memchr3(b',', b'{', b'}', rest));
            let both: Vec<usize> = memchr::memchr2_iter(b'{', b'}', rest).collect();
            assert_eq!(each_of_two(b'{', b'}', rest, Collect), both);
        }
    }
}

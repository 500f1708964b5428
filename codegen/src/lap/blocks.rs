//! The bytes the line splitter looks for, 64 at a time, as bit masks.
//!
//! A lap file is split into lines by its `\n`s, its lines into logical
//! lines by their braces, and every line is asked whether it is ASCII.
//! A search per newline and per brace paid the search's set-up for each
//! of them (Microsoft Graph: 65,000 lines and 92,000 braces, a sixth of a
//! parse); a block's classes are found in a few vector instructions and
//! its hits are then its set bits, in order, for the price of a
//! `trailing_zeros` each.

/// Which bytes of a block of 64 (bit `i` for the byte at `base + i`) are
/// a `\n`, a `{`, a `}`, and not ASCII. Past the end of the text, no bit
/// is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    /// The offset of the block's first byte.
    pub base: usize,
    pub newlines: u64,
    pub opens: u64,
    pub closes: u64,
    /// Bytes of 0x80 and above.
    pub high: u64,
}

/// The blocks of `bytes`, in order; the last one is padded with zeros.
pub(crate) fn blocks(bytes: &[u8]) -> impl Iterator<Item = Block> + '_ {
    let mut chunks = bytes.chunks_exact(64);
    let mut base = 0;
    let mut tail_done = false;
    std::iter::from_fn(move || {
        let classes = match chunks.next() {
            Some(chunk) => classify(chunk.try_into().ok()?),
            None if tail_done => return None,
            None => {
                tail_done = true;
                let rest = chunks.remainder();
                if rest.is_empty() {
                    return None;
                }
                let mut padded = [0u8; 64];
                padded[..rest.len()].copy_from_slice(rest);
                classify(&padded)
            }
        };
        let block = Block {
            base,
            newlines: classes.0,
            opens: classes.1,
            closes: classes.2,
            high: classes.3,
        };
        base += 64;
        Some(block)
    })
}

/// A block's masks: newlines, `{`, `}`, bytes not ASCII.
type Classes = (u64, u64, u64, u64);

/// The masks of one block with SSE2, which every x86-64 machine has:
/// four loads of 16 bytes, three comparisons and four `movemask`s each.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn classify(block: &[u8; 64]) -> Classes {
    use safe_arch::{
        cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i,
    };
    let newline = set_splat_i8_m128i(b'\n' as i8);
    let open = set_splat_i8_m128i(b'{' as i8);
    let close = set_splat_i8_m128i(b'}' as i8);
    let (mut newlines, mut opens, mut closes, mut high) = (0u64, 0u64, 0u64, 0u64);
    for (k, part) in block.chunks_exact(16).enumerate() {
        let Ok(part) = <&[u8; 16]>::try_from(part) else {
            continue;
        };
        let v = load_unaligned_m128i(part);
        // `movemask` sets the low 16 bits of an `i32`; as `u16`, exactly those.
        let mask = |m| u64::from(move_mask_i8_m128i(m) as u16) << (16 * k);
        newlines |= mask(cmp_eq_mask_i8_m128i(v, newline));
        opens |= mask(cmp_eq_mask_i8_m128i(v, open));
        closes |= mask(cmp_eq_mask_i8_m128i(v, close));
        high |= mask(v);
    }
    (newlines, opens, closes, high)
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn classify(block: &[u8; 64]) -> Classes {
    classify_bytes(block)
}

/// [`classify`] a byte at a time: the definition the vector version is
/// tested against, and the version where there is none.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn classify_bytes(block: &[u8; 64]) -> Classes {
    let (mut newlines, mut opens, mut closes, mut high) = (0u64, 0u64, 0u64, 0u64);
    for (i, &b) in block.iter().enumerate() {
        newlines |= u64::from(b == b'\n') << i;
        opens |= u64::from(b == b'{') << i;
        closes |= u64::from(b == b'}') << i;
        high |= u64::from(b >= 0x80) << i;
    }
    (newlines, opens, closes, high)
}

#[cfg(test)]
mod tests {
    use super::{blocks, classify, classify_bytes};

    #[test]
    fn the_vector_masks_are_the_byte_masks_for_every_byte_at_every_place() {
        // Each byte value at each of the 64 places, among bytes that vary.
        for value in 0..=255u8 {
            for place in 0..64 {
                let mut block = [0u8; 64];
                for (i, b) in block.iter_mut().enumerate() {
                    *b = (i as u8).wrapping_mul(37).wrapping_add(value);
                }
                block[place] = value;
                assert_eq!(
                    classify(&block),
                    classify_bytes(&block),
                    "{value} at {place}"
                );
            }
        }
    }

    #[test]
    fn blocks_cover_the_text_and_nothing_past_its_end() {
        let text = "ab\n{x}\u{e9}\n".repeat(20);
        let bytes = text.as_bytes();
        let mut newlines = Vec::new();
        let mut opens = Vec::new();
        let mut closes = Vec::new();
        let mut high = Vec::new();
        let mut bases = Vec::new();
        for block in blocks(bytes) {
            bases.push(block.base);
            for (mask, out) in [
                (block.newlines, &mut newlines),
                (block.opens, &mut opens),
                (block.closes, &mut closes),
                (block.high, &mut high),
            ] {
                out.extend(
                    (0..64)
                        .filter(|i| mask >> i & 1 == 1)
                        .map(|i| block.base + i),
                );
            }
        }
        let at = |pred: fn(u8) -> bool| -> Vec<usize> {
            (0..bytes.len()).filter(|&i| pred(bytes[i])).collect()
        };
        assert_eq!(newlines, at(|b| b == b'\n'));
        assert_eq!(opens, at(|b| b == b'{'));
        assert_eq!(closes, at(|b| b == b'}'));
        assert_eq!(high, at(|b| b >= 0x80));
        assert_eq!(
            bases,
            (0..bytes.len().div_ceil(64))
                .map(|k| k * 64)
                .collect::<Vec<_>>()
        );
        assert_eq!(blocks(b"").count(), 0);
        assert_eq!(blocks(&[b'\n'; 64]).count(), 1);
    }
}

//! A small animated-GIF (GIF89a) encoder in safe Rust, for exporting a run as an animation.
//!
//! Each frame gets its own 256-colour table chosen by popularity: colours are bucketed at 5 bits
//! per channel, the 256 most frequent buckets (averaged) form the table, and every pixel takes
//! the nearest table colour. That is exact for the page's flat drawings with few colours and
//! close for the blended point colours. Pixel data is LZW-compressed as the format requires
//! (variable code width 9–12 bits, a clear code when the table is full). The animation loops.

use emviz_core::Error;

/// Largest frame side accepted.
pub const MAX_SIDE: u32 = 2048;

const CLEAR: u16 = 256;
const END: u16 = 257;
const FIRST_FREE: u16 = 258;
const MAX_CODES: u16 = 4096;

/// An animated GIF being written frame by frame.
#[derive(Clone, Debug)]
pub struct GifEncoder {
    width: u16,
    height: u16,
    out: Vec<u8>,
    frames: usize,
}

impl GifEncoder {
    /// A looping animation of `width × height` pixels.
    pub fn new(width: u32, height: u32) -> Result<Self, Error> {
        if !(1..=MAX_SIDE).contains(&width) || !(1..=MAX_SIDE).contains(&height) {
            return Err(invalid(format!(
                "a GIF frame must be between 1 and {MAX_SIDE} pixels on each side, not {width} × {height}"
            )));
        }
        let (w, h) = (width as u16, height as u16);
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(b"GIF89a");
        out.extend_from_slice(&w.to_le_bytes());
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&[0x00, 0x00, 0x00]); // no global colour table
                                                    // NETSCAPE2.0 application extension: loop forever.
        out.extend_from_slice(&[0x21, 0xFF, 0x0B]);
        out.extend_from_slice(b"NETSCAPE2.0");
        out.extend_from_slice(&[0x03, 0x01, 0x00, 0x00, 0x00]);
        Ok(Self {
            width: w,
            height: h,
            out,
            frames: 0,
        })
    }

    /// Frames added so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Adds a frame of RGBA pixels (row-major, 4 bytes a pixel; transparency is composited on
    /// white) shown for `delay_cs` hundredths of a second.
    pub fn add_frame(&mut self, rgba: &[u8], delay_cs: u16) -> Result<(), Error> {
        let n = self.width as usize * self.height as usize;
        if rgba.len() != n * 4 {
            return Err(invalid(format!(
                "a {} × {} frame needs {} bytes of RGBA, not {}",
                self.width,
                self.height,
                n * 4,
                rgba.len()
            )));
        }
        let (palette, indices) = quantise(rgba);
        let out = &mut self.out;
        // Graphic control extension: disposal "leave in place", the delay, no transparency.
        out.extend_from_slice(&[0x21, 0xF9, 0x04, 0x04]);
        out.extend_from_slice(&delay_cs.to_le_bytes());
        out.extend_from_slice(&[0x00, 0x00]);
        // Image descriptor with a local 256-colour table.
        out.push(0x2C);
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&self.width.to_le_bytes());
        out.extend_from_slice(&self.height.to_le_bytes());
        out.push(0x87);
        for c in &palette {
            out.extend_from_slice(c);
        }
        out.extend(std::iter::repeat_n(0u8, (256 - palette.len()) * 3));
        out.push(8); // LZW minimum code size
        let data = lzw(&indices);
        for block in data.chunks(255) {
            out.push(block.len() as u8);
            out.extend_from_slice(block);
        }
        out.push(0);
        self.frames += 1;
        Ok(())
    }

    /// The finished file.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.push(0x3B);
        self.out
    }
}

fn invalid(message: String) -> Error {
    Error::InvalidParameter {
        name: "GIF",
        message,
    }
}

/// Opaque colour of an RGBA pixel (composited on white).
fn opaque(p: &[u8]) -> [u8; 3] {
    let a = p[3] as u32;
    let mix = |c: u8| ((c as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
    [mix(p[0]), mix(p[1]), mix(p[2])]
}

fn bucket(c: [u8; 3]) -> usize {
    ((c[0] as usize >> 3) << 10) | ((c[1] as usize >> 3) << 5) | (c[2] as usize >> 3)
}

/// A ≤ 256-colour palette for the pixels and each pixel's palette index.
fn quantise(rgba: &[u8]) -> (Vec<[u8; 3]>, Vec<u8>) {
    let mut count = vec![0u32; 1 << 15];
    let mut sum = vec![[0u64; 3]; 1 << 15];
    for p in rgba.chunks_exact(4) {
        let c = opaque(p);
        let b = bucket(c);
        count[b] += 1;
        for i in 0..3 {
            sum[b][i] += c[i] as u64;
        }
    }
    let mut used: Vec<usize> = (0..count.len()).filter(|&b| count[b] > 0).collect();
    used.sort_by(|&a, &b| count[b].cmp(&count[a]).then(a.cmp(&b)));
    used.truncate(256);
    let palette: Vec<[u8; 3]> = used
        .iter()
        .map(|&b| {
            let n = count[b] as u64;
            [0, 1, 2].map(|i| ((sum[b][i] + n / 2) / n) as u8)
        })
        .collect();
    // Each bucket's nearest palette entry, found once.
    let mut nearest = vec![u16::MAX; 1 << 15];
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    for p in rgba.chunks_exact(4) {
        let c = opaque(p);
        let b = bucket(c);
        if nearest[b] == u16::MAX {
            nearest[b] = closest(&palette, c) as u16;
        }
        indices.push(nearest[b] as u8);
    }
    (palette, indices)
}

fn closest(palette: &[[u8; 3]], c: [u8; 3]) -> usize {
    let dist = |p: &[u8; 3]| -> i32 { (0..3).map(|i| (p[i] as i32 - c[i] as i32).pow(2)).sum() };
    (0..palette.len())
        .min_by_key(|&i| dist(&palette[i]))
        .unwrap_or(0)
}

/// Writes variable-width codes least-significant bit first.
struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    bits: u32,
}

impl BitWriter {
    fn put(&mut self, code: u16, width: u32) {
        self.acc |= (code as u32) << self.bits;
        self.bits += width;
        while self.bits >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.bits -= 8;
        }
    }
    fn finish(mut self) -> Vec<u8> {
        if self.bits > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The string table: (prefix code, next byte) → code, open addressing, cleared by generation.
struct Table {
    keys: Vec<u32>,
    codes: Vec<u16>,
    stamp: Vec<u32>,
    generation: u32,
}

impl Table {
    const SLOTS: usize = 1 << 13;
    fn new() -> Self {
        Self {
            keys: vec![0; Self::SLOTS],
            codes: vec![0; Self::SLOTS],
            stamp: vec![0; Self::SLOTS],
            generation: 1,
        }
    }
    fn clear(&mut self) {
        self.generation += 1;
    }
    fn slot(&self, key: u32) -> (usize, bool) {
        let mut i = (key.wrapping_mul(0x9E37_79B1) >> 19) as usize & (Self::SLOTS - 1);
        loop {
            if self.stamp[i] != self.generation {
                return (i, false);
            }
            if self.keys[i] == key {
                return (i, true);
            }
            i = (i + 1) & (Self::SLOTS - 1);
        }
    }
    fn get(&self, key: u32) -> Option<u16> {
        let (i, found) = self.slot(key);
        found.then(|| self.codes[i])
    }
    fn insert(&mut self, key: u32, code: u16) {
        let (i, _) = self.slot(key);
        self.keys[i] = key;
        self.codes[i] = code;
        self.stamp[i] = self.generation;
    }
}

/// GIF's LZW with an 8-bit alphabet.
fn lzw(indices: &[u8]) -> Vec<u8> {
    let mut w = BitWriter {
        out: Vec::with_capacity(indices.len() / 2),
        acc: 0,
        bits: 0,
    };
    let mut table = Table::new();
    let mut width = 9u32;
    let mut next = FIRST_FREE;
    w.put(CLEAR, width);
    let Some((&first, rest)) = indices.split_first() else {
        w.put(END, width);
        return w.finish();
    };
    let mut prefix = first as u16;
    for &px in rest {
        let key = ((prefix as u32) << 8) | px as u32;
        if let Some(code) = table.get(key) {
            prefix = code;
            continue;
        }
        w.put(prefix, width);
        if next < MAX_CODES {
            table.insert(key, next);
            next += 1;
            if next as u32 > (1 << width) && width < 12 {
                width += 1;
            }
        } else {
            w.put(CLEAR, width);
            table.clear();
            next = FIRST_FREE;
            width = 9;
        }
        prefix = px as u16;
    }
    w.put(prefix, width);
    w.put(END, width);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GIF LZW decoding, for round trips.
    fn unlzw(data: &[u8]) -> Vec<u8> {
        let (mut acc, mut bits, mut pos) = (0u32, 0u32, 0usize);
        let mut width = 9u32;
        let mut dict: Vec<Vec<u8>> = Vec::new();
        let reset = |dict: &mut Vec<Vec<u8>>| {
            *dict = (0..256).map(|i| vec![i as u8]).collect();
            dict.push(vec![]);
            dict.push(vec![]);
        };
        reset(&mut dict);
        let mut out = Vec::new();
        let mut prev: Option<Vec<u8>> = None;
        loop {
            while bits < width {
                acc |= (data[pos] as u32) << bits;
                pos += 1;
                bits += 8;
            }
            let code = (acc & ((1 << width) - 1)) as usize;
            acc >>= width;
            bits -= width;
            if code == CLEAR as usize {
                reset(&mut dict);
                width = 9;
                prev = None;
                continue;
            }
            if code == END as usize {
                return out;
            }
            let entry = if code < dict.len() {
                dict[code].clone()
            } else {
                let p = prev.clone().unwrap();
                let mut e = p.clone();
                e.push(p[0]);
                e
            };
            if let Some(p) = prev {
                if dict.len() < 4096 {
                    let mut e = p;
                    e.push(entry[0]);
                    dict.push(e);
                    if dict.len() == (1 << width) && width < 12 {
                        width += 1;
                    }
                }
            }
            out.extend_from_slice(&entry);
            prev = Some(entry);
        }
    }

    #[test]
    fn lzw_round_trips_long_varied_input() {
        let mut x = 12345u32;
        let input: Vec<u8> = (0..200_000)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                if i % 7000 < 3000 {
                    (x >> 16) as u8
                } else {
                    (i / 500 % 5) as u8
                }
            })
            .collect();
        assert_eq!(unlzw(&lzw(&input)), input);
        assert_eq!(unlzw(&lzw(&[7])), vec![7]);
        assert_eq!(unlzw(&lzw(&[0; 10_000])), vec![0; 10_000]);
    }

    #[test]
    fn frames_have_the_layout_of_the_format() {
        let mut g = GifEncoder::new(3, 2).unwrap();
        let red = [255, 0, 0, 255];
        let frame: Vec<u8> = (0..6)
            .flat_map(|i| if i < 3 { red } else { [255, 255, 255, 0] })
            .collect();
        g.add_frame(&frame, 10).unwrap();
        g.add_frame(&frame, 50).unwrap();
        assert_eq!(g.frames(), 2);
        let bytes = g.finish();
        assert_eq!(&bytes[..6], b"GIF89a");
        assert_eq!((bytes[6], bytes[8]), (3, 2));
        assert_eq!(*bytes.last().unwrap(), 0x3B);
        assert_eq!(bytes.windows(2).filter(|w| w == &[0x21, 0xF9]).count(), 2);
        // The first frame's palette: red (most frequent first, ties by bucket) and white.
        let table = bytes.iter().position(|&b| b == 0x2C).unwrap() + 10;
        let colours = [&bytes[table..table + 3], &bytes[table + 3..table + 6]];
        assert!(colours.contains(&&[255u8, 0, 0][..]) && colours.contains(&&[255u8, 255, 255][..]));
        assert!(GifEncoder::new(3, 2)
            .unwrap()
            .add_frame(&frame[..8], 1)
            .is_err());
        assert!(GifEncoder::new(0, 2).is_err());
    }
}

//! Animated-GIF export of a run: frames the page drew (RGBA) become a looping GIF89a.
//!
//! The file format and its LZW compression are the [`gif`] crate's (image-rs). What stays here is
//! the colour reduction, because a GIF frame holds at most 256 colours: each frame gets its own
//! table chosen by popularity — colours are bucketed at 5 bits per channel, the 256 most
//! frequent buckets (averaged) form the table, and every pixel takes the nearest table colour.
//! That is exact for the page's flat drawings with few colours and close for the blended point
//! colours. The `gif` crate's own RGBA path (`Frame::from_rgba_speed`, NeuQuant from
//! `color_quant`) was measured against it on 60 frames of 640 × 400 points coloured by their
//! responsibilities (272, 3 000 and 30 000 points; native release build, two runs on a shared
//! 2-core machine): 4–7× slower (1.4–2.8 s against 0.36–0.56 s) for files no smaller (−2 %,
//! ±0.1 % and +7 %), so it is not used, nor compiled (`color_quant` is off).
//!
//! Against the hand-written LZW encoder this module held before: files of the same size
//! (±0.1 %), and 2–4 ms more per 640 × 400 frame (0.21–0.44 s → 0.36–0.56 s for 60 frames),
//! small beside drawing and reading back each frame on the page.

use crate::error::{Error, Problem};

/// Largest frame side accepted.
pub const MAX_SIDE: u32 = 2048;

/// An animated GIF being written frame by frame.
pub struct GifEncoder {
    width: u16,
    height: u16,
    encoder: gif::Encoder<Vec<u8>>,
    frames: usize,
}

impl std::fmt::Debug for GifEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GifEncoder")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("frames", &self.frames)
            .finish_non_exhaustive()
    }
}

impl GifEncoder {
    /// A looping animation of `width × height` pixels.
    pub fn new(width: u32, height: u32) -> Result<Self, Error> {
        if !(1..=MAX_SIDE).contains(&width) || !(1..=MAX_SIDE).contains(&height) {
            return Err(Problem::GifSize {
                width,
                height,
                max: MAX_SIDE,
            }
            .into());
        }
        let (w, h) = (width as u16, height as u16);
        // No global colour table: every frame brings its own.
        let mut encoder =
            gif::Encoder::new(Vec::with_capacity(1 << 16), w, h, &[]).map_err(encoding)?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(encoding)?;
        Ok(Self {
            width: w,
            height: h,
            encoder,
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
            return Err(Problem::GifFrameBytes {
                width: self.width.into(),
                height: self.height.into(),
                found: rgba.len(),
            }
            .into());
        }
        let (palette, indices) = quantise(rgba);
        let palette: Vec<u8> = palette.into_iter().flatten().collect();
        let mut frame =
            gif::Frame::from_palette_pixels(self.width, self.height, indices, palette, None);
        frame.delay = delay_cs;
        frame.dispose = gif::DisposalMethod::Keep;
        self.encoder.write_frame(&frame).map_err(encoding)?;
        self.frames += 1;
        Ok(())
    }

    /// The finished file.
    pub fn finish(self) -> Vec<u8> {
        self.encoder
            .into_inner()
            .expect("writing the trailer to a Vec<u8> cannot fail")
    }
}

fn encoding(e: gif::EncodingError) -> Error {
    Problem::GifWrite {
        reason: e.to_string(),
    }
    .into()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One decoded frame: delay, palette (RGB bytes), palette indices.
    type Decoded = (u16, Vec<u8>, Vec<u8>);

    /// A GIF's width, height and frames.
    fn decode(bytes: &[u8]) -> (u16, u16, Vec<Decoded>) {
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::Indexed);
        let mut d = options.read_info(bytes).unwrap();
        let (w, h) = (d.width(), d.height());
        let mut frames = Vec::new();
        while let Some(f) = d.read_next_frame().unwrap() {
            let palette = f.palette.clone().expect("a local colour table");
            frames.push((f.delay, palette, f.buffer.to_vec()));
        }
        (w, h, frames)
    }

    #[test]
    fn frames_decode_to_the_colours_drawn() {
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
        assert_eq!(*bytes.last().unwrap(), 0x3B);
        let (w, h, frames) = decode(&bytes);
        assert_eq!((w, h), (3, 2));
        assert_eq!(frames.len(), 2);
        assert_eq!((frames[0].0, frames[1].0), (10, 50));
        for (_, palette, indices) in &frames {
            let rgb = |i: u8| &palette[i as usize * 3..i as usize * 3 + 3];
            // Red on top; the transparent bottom row composited on white.
            for (p, &i) in indices.iter().enumerate() {
                let want: &[u8] = if p < 3 {
                    &[255, 0, 0]
                } else {
                    &[255, 255, 255]
                };
                assert_eq!(rgb(i), want, "pixel {p}");
            }
        }
        assert!(GifEncoder::new(3, 2)
            .unwrap()
            .add_frame(&frame[..8], 1)
            .is_err());
        assert!(GifEncoder::new(0, 2).is_err());
    }

    #[test]
    fn a_large_varied_frame_round_trips_through_the_table() {
        // More than 4096 LZW codes and more than 256 colours: the table is reset, and the
        // colours are reduced to their buckets' averages.
        let (w, h) = (300u32, 200u32);
        let mut x = 12345u32;
        let rgba: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let v = if i % 7000 < 3000 {
                    (x >> 16) as u8
                } else {
                    (i / 500 % 5) as u8 * 40
                };
                [v, v.wrapping_mul(3), 255 - v, 255]
            })
            .collect();
        let mut g = GifEncoder::new(w, h).unwrap();
        g.add_frame(&rgba, 7).unwrap();
        let (_, _, frames) = decode(&g.finish());
        let (palette, indices) = quantise(&rgba);
        assert_eq!(frames.len(), 1);
        assert_eq!(frames[0].2, indices);
        let flat: Vec<u8> = palette.into_iter().flatten().collect();
        assert_eq!(&frames[0].1[..flat.len()], &flat[..]);
        // Each decoded pixel is within the 5-bit bucket's reach of the drawn colour (or the
        // nearest of the 256 most popular buckets).
        let close = indices
            .iter()
            .zip(rgba.chunks_exact(4))
            .filter(|(&i, p)| {
                (0..3).all(|c| (flat[i as usize * 3 + c] as i32 - p[c] as i32).abs() <= 8)
            })
            .count();
        assert!(
            close * 10 >= indices.len() * 9,
            "{close} of {}",
            indices.len()
        );
    }
}

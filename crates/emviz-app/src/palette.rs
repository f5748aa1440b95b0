//! Component colours: a colour-blind-safe palette (Okabe & Ito's eight, less black, then three
//! of Paul Tol's), blue and orange-yellow first, like the blog posts' "blue" and "yellow".

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// Ten distinguishable colours, one per possible component.
pub const PALETTE: [Rgb; 10] = [
    [0x00, 0x72, 0xB2], // blue
    [0xE6, 0x9F, 0x00], // orange-yellow
    [0x00, 0x9E, 0x73], // bluish green
    [0xCC, 0x79, 0xA7], // reddish purple
    [0xD5, 0x5E, 0x00], // vermillion
    [0x56, 0xB4, 0xE9], // sky blue
    [0xF0, 0xE4, 0x42], // yellow
    [0x88, 0x22, 0x55], // wine
    [0x99, 0x99, 0x33], // olive
    [0x33, 0x22, 0x88], // indigo
];

/// Presenter mode's component colours: the palette's hues, each darkened (where it had to be)
/// until it stands out from the white plot at a WCAG contrast of at least 4.5 : 1 — a projector
/// washes light colours out (the page's orange-yellow is 2.25 : 1, its yellow 1.32 : 1).
pub const HIGH_CONTRAST: [Rgb; 10] = [
    [0x00, 0x72, 0xB2], // blue
    [0x9C, 0x6C, 0x00], // orange-yellow, darkened
    [0x00, 0x86, 0x62], // bluish green, darkened
    [0xA3, 0x61, 0x86], // reddish purple, darkened
    [0xC2, 0x56, 0x00], // vermillion, darkened
    [0x3B, 0x7C, 0xA1], // sky blue, darkened
    [0x7F, 0x79, 0x23], // yellow, darkened
    [0x88, 0x22, 0x55], // wine
    [0x7A, 0x7A, 0x29], // olive, darkened
    [0x33, 0x22, 0x88], // indigo
];

/// Presenter mode's laser pointer: the inspected point in a bright red (4.8 : 1 on white).
pub const LASER: Rgb = [0xE6, 0x00, 0x1E];

/// Component 1's blue, the colour of the log-likelihood.
pub const BLUE: Rgb = PALETTE[0];
/// Component 2's orange-yellow, the colour of the ELBO.
pub const ORANGE: Rgb = PALETTE[1];
/// Bluish green, D_KL on an independent sample.
pub const GREEN: Rgb = PALETTE[2];
/// Vermillion, D_KL estimated on the data.
pub const VERMILION: Rgb = PALETTE[4];
/// Text and bars drawn in ink.
pub const INK: Rgb = [0x1d, 0x24, 0x30];
/// A constant drawn as a dashed reference line (H in the D_KL chart).
pub const GREY: Rgb = [0x5b, 0x65, 0x75];
/// A chart's light mesh.
pub const MESH: Rgb = [240, 240, 240];
/// A chart's zero line.
pub const RULE: Rgb = [200, 200, 200];
/// A chart's guide lines (the ELBO chart's ln p(x)).
pub const GUIDE: Rgb = [150, 150, 150];

/// Colour of points before any E-step has assigned them.
pub const UNASSIGNED: Rgb = [0x8a, 0x8a, 0x8a];

/// The colour of component `j`.
pub fn color(j: usize) -> Rgb {
    PALETTE[j % PALETTE.len()]
}

/// The colour of component `j` in presenter mode.
pub fn high_contrast(j: usize) -> Rgb {
    HIGH_CONTRAST[j % HIGH_CONTRAST.len()]
}

/// CSS form, `#rrggbb`.
pub fn css(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The colour blended from responsibilities: Σⱼ rⱼ · colourⱼ.
pub fn blend(resp: &[f64]) -> Rgb {
    let mut acc = [0.0f64; 3];
    // The colours in turn, as `color(j)` gives them (without a division per component: this runs
    // for every point after every E-step).
    for (r, c) in resp.iter().zip(PALETTE.iter().cycle()) {
        for i in 0..3 {
            acc[i] += r * c[i] as f64;
        }
    }
    // Rounding by +0.5 (the values are ≥ 0): plain arithmetic, no library call in wasm.
    acc.map(|v| (v + 0.5).clamp(0.0, 255.0) as u8)
}

/// A colour packed into one `u32` whose little-endian bytes are RGBA (alpha 255): the form in
/// which Web Workers hand the points' colours to the page.
pub fn pack(c: Rgb) -> u32 {
    u32::from_le_bytes([c[0], c[1], c[2], 255])
}

/// The colour of [`pack`]ed `v`.
pub fn unpack(v: u32) -> Rgb {
    let [r, g, b, _] = v.to_le_bytes();
    [r, g, b]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_60_40_split_blends_the_two_colours() {
        let c = blend(&[0.6, 0.4]);
        assert_eq!(c, [92, 132, 107]);
        assert_eq!(blend(&[1.0, 0.0]), PALETTE[0]);
        assert_eq!(css(PALETTE[0]), "#0072b2");
        assert_eq!(unpack(pack(c)), c);
        assert_eq!(pack([1, 2, 3]).to_le_bytes(), [1, 2, 3, 255]);
    }

    /// WCAG 2's relative luminance of an sRGB colour.
    fn luminance(c: Rgb) -> f64 {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    }

    /// WCAG 2's contrast ratio of two colours (1 to 21).
    fn contrast(a: Rgb, b: Rgb) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn presenter_colours_stand_out_from_the_white_plot() {
        const WHITE: Rgb = [255, 255, 255];
        for (j, (&page, &present)) in PALETTE.iter().zip(&HIGH_CONTRAST).enumerate() {
            let ratio = contrast(present, WHITE);
            assert!(ratio >= 4.5, "component {j}: {ratio:.2}");
            // The same hue: darkened (each channel scaled alike), never changed.
            if present != page {
                assert!(
                    contrast(page, WHITE) < 4.5,
                    "component {j} darkened needlessly"
                );
                let scales: Vec<f64> = (present.iter().zip(page))
                    .filter(|(_, p)| *p > 0x40)
                    .map(|(q, p)| *q as f64 / p as f64)
                    .collect();
                let (lo, hi) = scales
                    .iter()
                    .fold((1.0f64, 0.0f64), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
                assert!(hi < 1.0 && hi - lo < 0.03, "component {j}: {scales:?}");
            }
            assert_eq!(high_contrast(j), present);
        }
        assert!(contrast(LASER, WHITE) >= 4.5);
        assert!((contrast(crate::present::INK, WHITE) - 21.0).abs() < 1e-9);
        // The page's orange-yellow and yellow are what presenter mode must not use.
        assert!(contrast(PALETTE[1], WHITE) < 3.0 && contrast(PALETTE[6], WHITE) < 1.5);
    }
}

//! Presenter mode's look, defined once: the main plot drawn [`SCALE`] times larger (type, lines,
//! margins and points), so that its smallest words, the tick labels, are at least
//! [`MIN_LABEL_PX`] CSS pixels — readable on a 1280 × 720 projector from the back of a room — in
//! pure black [`INK`], the components in [`palette::HIGH_CONTRAST`](crate::palette::HIGH_CONTRAST)
//! and the inspected point as a laser pointer ([`palette::LASER`](crate::palette::LASER)).

use crate::palette::Rgb;

/// How much larger presenter mode draws the main plot than the page (12 px tick labels → 18 px).
pub const SCALE: f64 = 1.5;

/// The smallest axis-label size presenter mode promises, in CSS pixels.
pub const MIN_LABEL_PX: f64 = 18.0;

/// Presenter mode's ink: the axes, their words and the frame.
pub const INK: Rgb = [0x00, 0x00, 0x00];

/// The laser pointer's radius (CSS pixels at the page's scale; drawn [`SCALE`] times larger).
pub const LASER_RADIUS: f64 = 7.0;

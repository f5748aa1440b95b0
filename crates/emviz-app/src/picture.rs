//! What the page draws of a run, and when it must draw again: the two columns shown and the data
//! ranges they frame, the versions the drawing caches by, and the points' colours when they were
//! blended beside a Web Worker's pass. [`crate::app::App`] holds one.

use emviz_core::{Dataset, HalfStep, Mixture};

use crate::view::padded_range;

/// The view of the run and its versions.
#[derive(Clone, Debug, Default)]
pub struct Picture {
    columns: [usize; 2],
    bounds: [[f64; 2]; 2],
    /// Bumped whenever anything shown may have changed (data, colours, parameters, view).
    version: u64,
    /// Bumped whenever the points' colours or positions may have changed (not by M-steps, which
    /// only move the ellipses), so the point layer is repainted only then.
    points_version: u64,
    /// The points' colours (packed, see [`crate::palette::pack`]) under the posteriors of the
    /// M-step last finished elsewhere, and the `version` that M-step left: the E-step taken
    /// right after it shows them.
    next_colours: Option<(u64, Vec<u32>)>,
    /// The colours of the responsibilities shown, when they were made elsewhere, and the
    /// `points_version` they belong to.
    colours: Option<(u64, Vec<u32>)>,
}

impl Picture {
    /// The columns drawn.
    pub fn columns(&self) -> [usize; 2] {
        self.columns
    }

    /// The data ranges framed, per drawn column.
    pub fn bounds(&self) -> [[f64; 2]; 2] {
        self.bounds
    }

    /// Changes whenever anything shown may have changed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Changes whenever the points' picture (colours, positions) may have changed.
    pub fn points_version(&self) -> u64 {
        self.points_version
    }

    /// Marks a change of everything, the points included.
    pub fn touch(&mut self) {
        self.version += 1;
        self.points_version += 1;
    }

    /// Shows `columns` of `data`, framed on the data and `start`'s means.
    pub fn frame(&mut self, data: &Dataset, start: &Mixture, columns: [usize; 2]) {
        let range = |c: usize| {
            let values = data.rows().map(|r| r[c]);
            padded_range(values.chain((0..start.k()).map(|j| start.mean(j)[c])), 0.05)
        };
        self.columns = columns;
        self.bounds = columns.map(range);
        self.touch();
    }

    /// After a finished half-step: an M-step moves the ellipses only; an E-step recolours the
    /// points — with the colours made beside the M-step's pass, if nothing changed since.
    pub fn stepped(&mut self, half: HalfStep) {
        let made = self.next_colours.take();
        if half == HalfStep::M {
            self.version += 1;
        } else {
            let shown = self.version;
            self.touch();
            if let Some((_, c)) = made.filter(|(v, _)| *v == shown) {
                self.colours = Some((self.points_version, c));
            }
        }
    }

    /// The colours of `n` points blended beside the M-step just finished, for the next E-step.
    pub fn colours_made(&mut self, n: usize, colours: Option<Vec<u32>>) {
        self.next_colours = colours.filter(|c| c.len() == n).map(|c| (self.version, c));
    }

    /// The points' colours (packed) under the responsibilities shown, when they were blended
    /// elsewhere; `None` when they are to be blended from the responsibilities.
    pub fn colours(&self) -> Option<&[u32]> {
        match &self.colours {
            Some((v, c)) if *v == self.points_version => Some(c),
            _ => None,
        }
    }
}

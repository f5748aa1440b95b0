//! How the main view is drawn: the page's look, or presenter mode's ([`emviz_app::present`]) —
//! type, lines, margins and points [`SCALE`] times larger, black ink, the high-contrast component
//! colours, and the inspected point as a laser pointer.

use web_sys::CanvasRenderingContext2d;

use emviz_app::app::App;
use emviz_app::palette::{color, css, high_contrast, LASER};
use emviz_app::present::{INK, LASER_RADIUS, SCALE};
use emviz_app::view::View;

/// The look of one drawing of the main view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    /// Device pixels per CSS pixel of everything drawn (presenter mode's scale included).
    pub ratio: f64,
    /// Presenter mode's look.
    pub presenting: bool,
    /// The data row drawn as a laser pointer (presenter mode only).
    pub laser: Option<usize>,
}

impl Look {
    /// The page's look at `ratio` device pixels per CSS pixel.
    pub fn page(ratio: f64) -> Look {
        Look {
            ratio,
            presenting: false,
            laser: None,
        }
    }

    /// Presenter mode's look on a screen of `ratio` device pixels per CSS pixel.
    pub fn presenting(ratio: f64, laser: Option<usize>) -> Look {
        Look {
            ratio: ratio * SCALE,
            presenting: true,
            laser,
        }
    }

    /// Component `j`'s colour (CSS).
    pub fn component(&self, j: usize) -> String {
        css(if self.presenting {
            high_contrast(j)
        } else {
            color(j)
        })
    }

    /// The axes' words.
    pub fn ink(&self) -> String {
        if self.presenting {
            css(INK)
        } else {
            "#222".into()
        }
    }

    /// The plot's frame and ticks.
    pub fn frame(&self) -> String {
        if self.presenting {
            css(INK)
        } else {
            "#444".into()
        }
    }
}

/// Draws the laser pointer, if `look` has one: a red dot in a white ring with a soft red glow
/// around it, on the point as the view draws it.
pub fn draw_laser(ctx: &CanvasRenderingContext2d, app: &App, view: &View, look: &Look) {
    let Some([x, y]) = look.laser.and_then(|i| super::pick::position(app, view, i)) else {
        return;
    };
    let r = LASER_RADIUS * look.ratio;
    let red = css(LASER);
    let disc = |radius: f64, fill: &str, alpha: f64| {
        ctx.set_global_alpha(alpha);
        ctx.set_fill_style_str(fill);
        ctx.begin_path();
        let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
        ctx.fill();
    };
    disc(2.6 * r, &red, 0.18);
    disc(1.7 * r, &red, 0.3);
    disc(1.25 * r, "#ffffff", 1.0);
    disc(r, &red, 1.0);
    ctx.set_global_alpha(1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presenter_mode_draws_the_axis_labels_at_least_18_css_pixels() {
        let look = Look::presenting(2.0, Some(3));
        // Tick labels are the smallest words of the axes.
        let smallest = super::super::axes::TICK_FONT * look.ratio / 2.0;
        assert!(smallest >= emviz_app::present::MIN_LABEL_PX, "{smallest}");
        // The page's look is unchanged by presenter mode's existence.
        let page = Look::page(2.0);
        assert_eq!(
            (page.ratio, page.ink(), page.frame()),
            (2.0, "#222".into(), "#444".into())
        );
        assert_eq!(page.component(1), "#e69f00");
        assert_eq!(look.component(1), "#9c6c00");
        assert_eq!(look.ink(), "#000000");
    }
}

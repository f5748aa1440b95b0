//! The principal-components view for data with more than two columns (as mclust offers): the points
//! on the data's first two principal axes, coloured by their responsibilities, and every
//! component's 1σ/2σ ellipse and mean projected on the same plane (N(Wᵀ(μ − m), WᵀΣW)).

use emviz_core::pca::Pca;
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::axes::{draw_axes, plot_area};
use super::look::Look;
use super::scatter::draw_component;
use super::Projected;
use emviz_app::app::App;
use emviz_app::palette::{blend, css};
use emviz_app::view::{padded_range, View};

/// What the page shows beside the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct PcaInfo {
    /// Share of the total variance along PC1 and PC2.
    pub explained: [f64; 2],
    /// The two axes as column loadings, `[PC1, PC2]`, each d long.
    pub axes: [Vec<f64>; 2],
    /// The column names.
    pub names: Vec<String>,
    /// Each component's mean and covariance on the plane: `[{mean: [2], cov: [4]}]`.
    pub components: Vec<ProjectedComponent>,
}

/// One component on the principal plane.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectedComponent {
    pub mean: [f64; 2],
    pub cov: [f64; 4],
}

/// The principal axes of `app`'s data and the components on them.
pub fn info(app: &App) -> Result<(Pca, PcaInfo), emviz_core::Error> {
    let pca = Pca::of(app.data())?;
    let model = app.em().model();
    let components = (0..model.k())
        .map(|j| {
            let (mean, cov) = pca.project_gaussian(model.mean(j), model.covariance(j));
            ProjectedComponent { mean, cov }
        })
        .collect();
    let info = PcaInfo {
        explained: pca.explained(),
        axes: [pca.axes[0].clone(), pca.axes[1].clone()],
        names: app.data().names().to_vec(),
        components,
    };
    Ok((pca, info))
}

/// Draws the view of `app`'s data on `pca`'s plane and `info`'s components on a `width × height`
/// canvas; `names` are the axis titles.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    app: &App,
    (pca, info): (&Pca, &PcaInfo),
    size: (f64, f64, f64),
    names: (&str, &str),
) -> Result<(), JsValue> {
    let (width, height, ratio) = size;
    let pts: Vec<[f64; 2]> = app.data().rows().map(|r| pca.project(r)).collect();
    let view = View {
        x: padded_range(pts.iter().map(|p| p[0]), 0.06),
        y: padded_range(pts.iter().map(|p| p[1]), 0.06),
        px: plot_area(width, height, ratio),
    };
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, width, height);
    let k = app.em().model().k();
    let resp = app.em().responsibilities();
    let s = (2.5 * ratio).max(1.0);
    for (i, p) in pts.iter().enumerate() {
        let fill = match resp {
            Some(r) => css(blend(&r[i * k..(i + 1) * k])),
            None => "#9aa4b2".to_string(),
        };
        ctx.set_fill_style_str(&fill);
        ctx.fill_rect(view.sx(p[0]) - s / 2.0, view.sy(p[1]) - s / 2.0, s, s);
    }
    let look = Look::page(ratio);
    draw_axes(ctx, &view, names, false, &look);
    ctx.save();
    ctx.begin_path();
    ctx.rect(view.px[0], view.px[1], view.px[2], view.px[3]);
    ctx.clip();
    for (j, c) in info.components.iter().enumerate() {
        let projected = Projected {
            index: j,
            weight: app.em().model().weights()[j],
            mean: c.mean,
            cov: c.cov,
        };
        draw_component(ctx, &view, &projected, &look)?;
    }
    ctx.restore();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_component_is_projected_on_the_principal_plane() {
        let mut app = App::new();
        let mut text = String::from("a b c d\n");
        for i in 0..120 {
            let t = i as f64;
            let g = (i % 3) as f64 * 4.0;
            text.push_str(&format!(
                "{} {} {} {}\n",
                g + (t * 0.37).sin(),
                g * 0.5 + (t * 0.71).cos(),
                (t * 1.3).sin() * 0.2,
                g + (t * 0.11).cos()
            ));
        }
        app.load_text(&text).unwrap();
        app.apply_settings(emviz_app::settings::Settings {
            k: 3,
            ..app.settings().clone()
        })
        .unwrap();
        app.iterate().unwrap();
        let (pca, info) = info(&app).unwrap();
        assert_eq!(info.components.len(), 3);
        assert_eq!(info.names, ["a", "b", "c", "d"]);
        assert!(
            info.explained[0] >= info.explained[1]
                && info.explained[0] + info.explained[1] <= 1.0 + 1e-12
        );
        let model = app.em().model();
        for (j, c) in info.components.iter().enumerate() {
            assert_eq!(c.mean, pca.project(model.mean(j)));
            // WᵀΣW is symmetric and positive definite.
            assert!(
                (c.cov[1] - c.cov[2]).abs() < 1e-12
                    && c.cov[0] > 0.0
                    && c.cov[0] * c.cov[3] > c.cov[1] * c.cov[1]
            );
        }
    }
}

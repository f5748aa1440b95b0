//! Shareable links for the page: the state written into a URL's `#…` part, and a link applied
//! (see [`emviz_app::share`] for the format, the limits and the checks).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{to_js, Session};
use emviz_app::share::{apply_link, data_text, link_of, parse_link, LinkError, ViewFlags};

/// The answer of [`Session::share_link`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
enum ShareAnswer {
    /// The link parameters (without `#`).
    Link { params: String },
    /// The data is too large for a link: share it as a file instead.
    TooLarge { values: usize, limit: usize },
}

#[wasm_bindgen]
impl Session {
    /// The link parameters that reproduce the state shown, with `view` (`{embed, autoplay, hide,
    /// show, lang, speed}`, all optional): `{kind: "link", params}`, or `{kind: "tooLarge", values,
    /// limit}` when the data is too large to travel in a link.
    pub fn share_link(&self, view: JsValue) -> Result<JsValue, JsError> {
        let view: ViewFlags = if view.is_undefined() || view.is_null() {
            ViewFlags::default()
        } else {
            serde_wasm_bindgen::from_value(view)
                .map_err(|e| JsError::new(&format!("invalid view flags: {e}")))?
        };
        let answer = match link_of(&self.app, &view) {
            Ok(params) => ShareAnswer::Link { params },
            Err(LinkError::TooLarge { values, limit }) => ShareAnswer::TooLarge { values, limit },
            Err(LinkError::Invalid(e)) => return Err(self.fail(e)),
        };
        to_js(&answer)
    }

    /// Applies link parameters (a URL's `#…` or `?…` part): loads the data, applies the settings and
    /// replays the run to the same half-step. Returns `null` if the text names nothing the page
    /// knows, else `{hasState, preset, dataText, view}`. On error nothing changes.
    pub fn apply_link(&mut self, params: &str) -> Result<JsValue, JsError> {
        let Some(link) = parse_link(params).map_err(|e| self.fail(e))? else {
            return Ok(JsValue::NULL);
        };
        let (next, applied) = apply_link(&self.app, &link).map_err(|e| self.fail(e))?;
        self.app = next;
        to_js(&applied)
    }

    /// The view flags of link parameters only (`null` if there are none), without touching the run.
    pub fn link_view(params: &str) -> Result<JsValue, JsError> {
        match parse_link(params) {
            Ok(Some(link)) => to_js(&link.view),
            Ok(None) => Ok(JsValue::NULL),
            Err(e) => Err(JsError::new(&e.to_string())),
        }
    }

    /// The current data as CSV (quoted names, then exact numbers), for "Download data".
    pub fn share_data_text(&self) -> String {
        data_text(self.app.data())
    }
}

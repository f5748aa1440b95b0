//! A last line of defence: should a panic ever slip through (a bug — every input error is a
//! `Result`), show it on the page instead of leaving a frozen canvas.

use wasm_bindgen::JsCast;

/// Installs the hook once.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!(
            "emviz hit an internal error and must be reloaded: {info}. Your data is still in the Data box."
        );
        web_sys::console::error_1(&message.clone().into());
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("fatal"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = shown {
            el.set_text_content(Some(&message));
            el.set_hidden(false);
        }
    }));
}

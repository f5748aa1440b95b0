//! `emviz._core.Stats`: mergeable sufficient statistics of one EM pass (for Spark).

use pyo3::prelude::*;

/// Sufficient statistics of one EM pass under a model (placeholder until the core's `Stats`).
#[pyclass(module = "emviz._core")]
pub struct Stats {}

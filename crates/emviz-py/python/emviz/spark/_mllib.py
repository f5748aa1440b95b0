"""MLlib's saved models (metadata JSON + Parquet) read with pyarrow."""

from __future__ import annotations

import json
import os

import numpy as np
import pyarrow as pa

from .. import _core
from .._rules import FULL
from ._features import _invalid
from ._model import GaussianMixtureModel


def _read_mllib_parts(path):
    """(metadata dict, arrow table of the data) of a saved MLlib model, read with pyarrow."""
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    if "://" in str(path):
        fs, root = pafs.FileSystem.from_uri(str(path))
    else:
        fs, root = pafs.LocalFileSystem(), os.path.abspath(str(path))
    meta = None
    infos = fs.get_file_info(pafs.FileSelector(f"{root}/metadata", allow_not_found=True))
    for info in sorted(infos, key=lambda i: i.path):
        base = info.base_name
        if info.type != pafs.FileType.File or base.startswith((".", "_")):
            continue
        with fs.open_input_stream(info.path) as f:
            text = f.read().decode("utf-8").strip()
        if text:
            meta = json.loads(text.splitlines()[0])
            break
    if meta is None:
        raise _invalid("path", f"{path!r} holds no MLlib model (no metadata/part-* file)")
    data_files = [
        i.path
        for i in fs.get_file_info(pafs.FileSelector(f"{root}/data", allow_not_found=True))
        if i.type == pafs.FileType.File and i.base_name.endswith(".parquet")
    ]
    if not data_files:
        raise _invalid("path", f"{path!r} holds no MLlib model data (data/*.parquet)")
    table = pa.concat_tables(pq.read_table(p, filesystem=fs) for p in sorted(data_files))
    return meta, table


def _vector(v):
    """An MLlib vector as stored in Parquet (struct type/size/indices/values) → numpy."""
    if v["type"] == 1:  # dense
        return np.asarray(v["values"], dtype=np.float64)
    out = np.zeros(v["size"])
    out[np.asarray(v["indices"], dtype=int)] = v["values"]
    return out


def _matrix(m):
    """An MLlib matrix as stored in Parquet → numpy (rows × cols)."""
    r, c = m["numRows"], m["numCols"]
    vals = np.asarray(m["values"], dtype=np.float64)
    transposed = bool(m.get("isTransposed"))
    if m["type"] == 1:  # dense, column-major unless transposed
        return vals.reshape(r, c) if transposed else vals.reshape(c, r).T
    out = np.zeros((r, c))
    ptrs, idx = m["colPtrs"], m["rowIndices"]
    for j in range(len(ptrs) - 1):  # CSC (CSR when transposed)
        for p in range(ptrs[j], ptrs[j + 1]):
            if transposed:
                out[j, idx[p]] = vals[p]
            else:
                out[idx[p], j] = vals[p]
    return out


def load_mllib(path):
    """Reads a model saved by MLlib's ``GaussianMixtureModel.save(path)`` (its metadata JSON and
    Parquet data, read with pyarrow: no Spark session needed) as an emviz.spark
    ``GaussianMixtureModel`` (full covariances) with MLlib's column parameters. Its ``transform``
    gives MLlib's probabilities (to rounding), and ``to_json()`` / ``to_sklearn()`` take it to the
    page, the CLI and the notebook widget."""
    meta, table = _read_mllib_parts(path)
    cls = meta.get("class", "")
    if not cls.endswith("GaussianMixtureModel"):
        raise _invalid("path", f"{path!r} holds a {cls or 'model of unknown class'}, not an MLlib "
                               "GaussianMixtureModel")
    rows = table.to_pylist()
    if len(rows) != 1:
        raise _invalid("path", f"{path!r}: expected one row of model data, found {len(rows)}")
    row = rows[0]
    weights = np.asarray(row["weights"], dtype=np.float64)
    means = np.array([_vector(v) for v in row["mus"]])
    covs = np.array([_matrix(m) for m in row["sigmas"]])
    covs = (covs + np.transpose(covs, (0, 2, 1))) / 2  # exactly symmetric
    model = _core.Model(FULL, weights, np.ascontiguousarray(means), np.ascontiguousarray(covs))
    out = GaussianMixtureModel(model)
    params = {**meta.get("defaultParamMap", {}), **meta.get("paramMap", {})}
    for name in ("featuresCol", "predictionCol", "probabilityCol", "tol", "maxIter", "seed"):
        if name in params and out.hasParam(name):
            out._set(**{name: params[name]})
    return out

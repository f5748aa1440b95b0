"""``emviz.spark``: emviz's EM on Apache Spark, for data that outgrow one machine.

``emviz.spark.GaussianMixture`` is a ``pyspark.ml`` Estimator with the parameters of MLlib's
``GaussianMixture`` (``k``, ``featuresCol``, ``predictionCol``, ``probabilityCol``, ``maxIter``,
``tol``, ``seed``) plus ``inputCols`` (numeric columns instead of a vector column),
``covarianceType`` (``full``, ``diag``, ``spherical`` or ``tied`` — MLlib has full only — or one
of mclust's fourteen models by name, ``"EII"`` … ``"VVV"``, any case: the partitions' ``Stats``
carry the model and the driver's M-step is the model's, as ``emviz.GaussianMixture``'s),
``regCovar``, ``initialModel``, ``initSampleSize``, ``handleInvalid`` (Spark ML's: ``"error"``,
the default, or ``"skip"``) and ``weightCol`` (MLlib's: a numeric column of sample weights, the
fit then ``emviz.GaussianMixture.fit(X, sample_weight=w)``'s; the weights checked by the core's
rule as the rows are packed: a bad one is a ValueError naming the column, partition and point)::

    from emviz.spark import GaussianMixture
    model = GaussianMixture(k=5, inputCols=["x", "y"], covarianceType="full", seed=1).fit(df)
    model.weights, model.means, model.covariances, model.summary.lowerBounds
    model.transform(df)          # + prediction (int) and probability (vector) columns, as MLlib's
    open("model.json", "w").write(model.to_json())     # the page's / CLI's model JSON
    model.to_sklearn()           # a fitted emviz.GaussianMixture (scikit-learn compatible)

How a fit runs. One pass over the input (``mapInArrow``) checks the feature rows
(``_features._feature_rows``, the one check that ``transform`` runs too: no null vector or value,
every vector of the dimension — its column's metadata size, else the first vector's length —, no
NaN or infinity), casts them to float64 and packs each partition's valid rows into numbered blocks
of row-major float64 (about 1 MB each, one binary value per block), which are cached once; the
same pass draws the start's sample and reports, per partition, its invalid rows and where the
first ones are. The driver then raises a ValueError naming the column (and for a vector of another
length both lengths and the partition and row), before any EM and without leaving a cache file —
or, with ``handleInvalid="skip"``, fits the valid rows and counts the others in
``summary.numDroppedRows``. Then each EM iteration is one distributed pass — every packed
partition's blocks go as Arrow buffers straight into the Rust kernel
(``emviz._core.Stats.accumulate`` reads them in place: no per-row Python, no per-row JVM work),
giving that partition's ``Stats`` — and the driver merges them in partition order and makes
the M-step. Only the statistics and the sample ever reach the driver. ``iterationMode`` says how
the passes run (module by module: ``_tasks``, ``_passes``):

- ``"tasks"`` (``"auto"``'s choice wherever Spark can): one *barrier* job for the whole fit. Its
  tasks (at most one per task slot; packed partition p goes to task p mod their number, by one
  shuffle of the blocks) keep their rows in memory, connect back to the driver (TCP, with a
  per-fit secret), and for each iteration receive the model and send back one ``Stats`` per packed
  partition. No Spark job per iteration, so an iteration costs the kernel plus a few kB over the
  network: at 10⁶ rows an iteration without start-up was 61× MLlib's, the whole fit (start-up
  included) 4× (bench/README.md § 9: a loaded machine; ``"jobs"`` starts faster). If the loop cannot
  start or breaks off (a lost task, a refused connection), ``"auto"`` warns and fits again with
  ``"jobs"``; ``"tasks"`` raises.
- ``"jobs"``: one Spark job (``mapInArrow``) per iteration, as MLlib. Each partition's blocks are
  memory-mapped from an Arrow IPC file on its executor's host (``executorCache``, written by the
  packing pass) or streamed from Spark's cache; the pass query is planned once per fit and the
  model reaches the tasks as a local property of the job (a model over 64 kB goes in the pass
  function, in a query planned per pass).

- ``"connect"`` (on a Spark Connect session, for ``"auto"`` and ``"jobs"``): a remote session has
  no SparkContext, so no barrier job and no job properties: one query per iteration, as ``"jobs"``
  but with the model inside each pass's function (the same numbers; ``"tasks"`` is refused).

Both compute the same sums in the same order, so they give the same bits. Each Python worker also
freezes its garbage collector's heap once (``gc.freeze``), because a reused PySpark worker collects
it in full after every task.

The start is ``initialModel`` when given, else emviz's k-means (k-means++ seeding, then Lloyd,
seeded by ``seed``) on a sample of ``initSampleSize`` rows: the rows of smallest seeded hash of
their values, so the sample — and the whole fit — does not depend on the partitioning.

The loop is scikit-learn's, as in ``emviz.GaussianMixture``: the lower bound of iteration i is the
mean log-likelihood of θᵢ₋₁, the fit stops when it moves by less than ``tol`` (per point; MLlib's
``tol`` is on its log-likelihood instead) and returns θᵢ. So from the same start the Spark fit is
``emviz.GaussianMixture``'s fit on the same rows — to rounding, whatever the number of partitions.

``model.save(path)`` (or ``model.write().overwrite().save(path)``) and
``GaussianMixtureModel.load(path)`` persist a model as pyspark.ml does (``path/metadata``), with
the page's and CLI's model JSON as its data (``path/data/model.json``); the estimator saves and
loads its parameters the same way. ``load_mllib(path)`` reads a model saved by MLlib's
``GaussianMixtureModel.save``.
"""

try:
    import pyarrow  # noqa: F401  (checked here, for the message)
    import pyspark  # noqa: F401
except ImportError as e:  # pragma: no cover
    raise ImportError(
        "emviz.spark needs pyspark (4.1 or later) and pyarrow: pip install 'emviz[spark]'"
    ) from e

from ._estimator import GaussianMixture
from ._mllib import load_mllib
from ._model import GaussianMixtureModel, GaussianMixtureSummary

for _cls in (GaussianMixture, GaussianMixtureModel, GaussianMixtureSummary, load_mllib):
    _cls.__module__ = __name__  # their public name (and the class saved in a model's metadata)
del _cls

__all__ = ["GaussianMixture", "GaussianMixtureModel", "GaussianMixtureSummary", "load_mllib"]

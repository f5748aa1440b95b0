"""The parameters the estimator and its model share (MLlib's names)."""

from __future__ import annotations

from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import (
    HasFeaturesCol,
    HasHandleInvalid,
    HasInputCols,
    HasMaxIter,
    HasPredictionCol,
    HasProbabilityCol,
    HasSeed,
    HasTol,
    HasWeightCol,
)

from .._rules import FULL


class _GaussianMixtureParams(
    HasFeaturesCol, HasHandleInvalid, HasInputCols, HasPredictionCol, HasProbabilityCol, HasMaxIter, HasTol, HasSeed,
    HasWeightCol,
):
    k = Param(
        Params._dummy(), "k", "number of components of the mixture (≥ 1)",
        typeConverter=TypeConverters.toInt,
    )
    covarianceType = Param(
        Params._dummy(), "covarianceType",
        "full, diag, spherical or tied, or one of mclust's fourteen models by name (EII … VVV, any "
        "case), whose M-step the driver takes",
        typeConverter=TypeConverters.toString,
    )
    regCovar = Param(
        Params._dummy(), "regCovar", "added to the variances at each M-step (≥ 0)",
        typeConverter=TypeConverters.toFloat,
    )
    initSampleSize = Param(
        Params._dummy(), "initSampleSize",
        "rows (about) sampled, by a seeded hash of their values, for the k-means start",
        typeConverter=TypeConverters.toInt,
    )
    executorCache = Param(
        Params._dummy(), "executorCache",
        "(iterationMode jobs) keep each partition's float64 blocks also in a memory-mapped Arrow file on "
        "its executor's "
        "host ($EMVIZ_SPARK_CACHE_DIR, else /dev/shm, else the temporary folder) so that EM passes "
        "read them in place instead of streaming them from the JVM; a partition whose file is not "
        "on the host its task runs on is streamed as without it. Deleted after the fit.",
        typeConverter=TypeConverters.toBoolean,
    )
    iterationMode = Param(
        Params._dummy(), "iterationMode",
        "how EM iterations run on the cluster: 'jobs' (one Spark job per iteration), 'tasks' "
        "(one barrier job per fit whose tasks keep their rows and compute each iteration's "
        "statistics for the driver) or 'auto' (tasks where Spark can run them, else jobs); on "
        "a Spark Connect session 'auto' and 'jobs' run one query per iteration ('connect')",
        typeConverter=TypeConverters.toString,
    )
    initialModel = Param(
        Params._dummy(), "initialModel",
        "the start instead of k-means on a sample: an emviz.spark model, a fitted emviz or "
        "scikit-learn GaussianMixture, an emviz._core.Model, or a model JSON (dict or text)",
    )

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(
            k=2, covarianceType=FULL, tol=1e-3, maxIter=100, regCovar=1e-6,
            initSampleSize=10000, seed=0, executorCache=True, iterationMode="auto",
            featuresCol="features", predictionCol="prediction",
            probabilityCol="probability", handleInvalid="error",
        )

    def getK(self):
        return self.getOrDefault(self.k)

    def getCovarianceType(self):
        return self.getOrDefault(self.covarianceType)

    def getRegCovar(self):
        return self.getOrDefault(self.regCovar)

    def getInitSampleSize(self):
        return self.getOrDefault(self.initSampleSize)

    def getExecutorCache(self):
        return self.getOrDefault(self.executorCache)

    def getIterationMode(self):
        return self.getOrDefault(self.iterationMode)

    def getInitialModel(self):
        return self.getOrDefault(self.initialModel) if self.isDefined(self.initialModel) else None

    def _weight_col(self):
        """The weight column's name, or None (unset or empty: every row weighs 1)."""
        return (self.getWeightCol() or None) if self.isDefined(self.weightCol) else None

    def _input_cols(self):
        return self.getInputCols() if self.isSet(self.inputCols) else None

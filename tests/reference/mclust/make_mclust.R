# Reference numbers from R's mclust for emviz's fourteen covariance models (issue 23).
# Rerun from the repository root:  Rscript tests/reference/mclust/make_mclust.R
# (Debian: apt-get install r-cran-mclust). It writes data/iris.txt, data/diabetes.txt and
# tests/reference/mclust/me.txt (me() from fixed hard partitions) and bic.txt (mclustBIC, and
# its best cell fitted again to the fixed point: `tight`) and icl.txt (mclustICL).
#
# me.txt, one record per line, space-separated, numbers with 17 significant digits:
#   start <data> <G> <label of each point, 1-based>     the hard partition z starts from
#   fit <data> <G> <model> <loglik> <df> <bic> <iterations>   (bic in mclust's sign: 2 loglik - df log n)
#   pro <G values> / mean <G x d, component by component> / sigma <G x d x d, row-major>
#   fail <data> <G> <model> <reason>                     me() gave no fit
suppressMessages(library(mclust))

num <- function(x) paste(sprintf("%.17g", x), collapse = " ")

old_faithful <- as.matrix(read.table("data/old_faithful.txt"))
iris4 <- as.matrix(iris[, 1:4])
data(diabetes, package = "mclust")
diab <- as.matrix(diabetes[, 2:4])
write.table(iris4, "data/iris.txt", row.names = FALSE, col.names = FALSE)
write.table(diab, "data/diabetes.txt", row.names = FALSE, col.names = FALSE)
sets <- list(old_faithful = old_faithful, iris = iris4, diabetes = diab)

control <- emControl(tol = c(0, 0), itmax = c(100000L, 10000L))
params <- function(fit) c(fit$parameters$pro, fit$parameters$mean, fit$parameters$variance$sigma)
# me() stops when the log-likelihood stops changing, while a flat direction of the parameters can
# still move by 1e-7: so it is started again from its own last responsibilities (which continues
# the same EM) until the parameters stop moving (relative change below 1e-14; at most 500 rounds).
to_fixed_point <- function(m, x, z) {
  fit <- me(modelName = m, data = x, z = z, control = control)
  its <- as.numeric(unlist(attr(fit, "info"))[1])
  for (round in 1:500) {
    if (is.null(fit$z) || anyNA(fit$z) || !is.finite(fit$loglik)) break
    nxt <- me(modelName = m, data = x, z = fit$z, control = control)
    if (is.null(nxt$loglik) || !is.finite(nxt$loglik)) break
    its <- its + as.numeric(unlist(attr(nxt, "info"))[1])
    change <- max(abs(params(nxt) - params(fit)) / pmax(1, abs(params(fit))))
    fit <- nxt
    if (change < 1e-14) break
  }
  attr(fit, "iterations") <- its
  fit
}
models <- mclust.options("emModelNames")
out <- file("tests/reference/mclust/me.txt", "w")
writeLines(sprintf("# mclust %s, R %s; emControl(tol = c(0, 0), itmax = c(1e5, 1e4)), restarted from its last z until the parameters stop moving",
                   packageVersion("mclust"), getRversion()), out)
for (name in names(sets)) {
  x <- sets[[name]]
  n <- nrow(x); d <- ncol(x)
  for (G in 2:3) {
    # A fixed, reproducible start: mclust's own hierarchical clustering (VVV) cut at G.
    labels <- as.vector(hclass(hc(x, modelName = "VVV"), G))
    writeLines(paste("start", name, G, paste(labels, collapse = " ")), out)
    z <- unmap(labels)
    for (m in models) {
      fit <- tryCatch(to_fixed_point(m, x, z),
                      error = function(e) NULL)
      ll <- if (is.null(fit)) NA else fit$loglik
      if (is.null(fit) || is.na(ll) || !is.finite(ll)) {
        reason <- if (is.null(fit)) "error" else gsub(" ", "_", paste(attr(fit, "returnCode"), collapse = ","))
        writeLines(paste("fail", name, G, m, reason), out)
        next
      }
      df <- nMclustParams(m, d, G)
      b <- 2 * ll - df * log(n)
      its <- attr(fit, "iterations")
      p <- fit$parameters
      sigma <- p$variance$sigma
      writeLines(paste("fit", name, G, m, num(ll), df, num(b), its), out)
      writeLines(paste("pro", num(p$pro)), out)
      writeLines(paste("mean", num(as.vector(p$mean))), out)
      writeLines(paste("sigma", num(unlist(lapply(1:G, function(k) as.vector(t(sigma[, , k])))))), out)
    }
  }
}
close(out)

# mclust's own BIC table (its hierarchical start, its defaults) over G = 1..9 and the 14 models.
out <- file("tests/reference/mclust/bic.txt", "w")
writeLines(sprintf("# mclust %s: mclustBIC(data) with its defaults; BIC in mclust's sign (higher is better); NA: no fit", packageVersion("mclust")), out)
for (name in c("old_faithful", "iris")) {
  b <- mclustBIC(sets[[name]])
  for (m in colnames(b)) for (G in rownames(b)) {
    writeLines(paste("bic", name, m, G, num(b[G, m])), out)
  }
  s <- summary(b, sets[[name]])
  writeLines(paste("best", name, s$modelName, s$G), out)
  # mclustBIC stops at its default tolerance (1e-5 on the log-likelihood): the best cell again,
  # to the fixed point, from the same hierarchical start.
  tight <- Mclust(sets[[name]], G = s$G, modelNames = s$modelName,
                  control = emControl(tol = c(1e-12, 1e-12)))
  writeLines(paste("tight", name, s$modelName, s$G, num(tight$bic)), out)
}
close(out)

# mclust's ICL table (mclustICL: its hierarchical start, its defaults), G = 1..9, the 14 models:
#   icl <data> <model> <G> <ICL in mclust's sign>   and   best <data> <model> <G>
out <- file("tests/reference/mclust/icl.txt", "w")
writeLines(sprintf("# mclust %s: mclustICL(data) with its defaults; ICL in mclust's sign (higher is better); NA: no fit", packageVersion("mclust")), out)
for (name in c("old_faithful", "iris")) {
  i <- mclustICL(sets[[name]])
  for (m in colnames(i)) for (G in rownames(i)) {
    writeLines(paste("icl", name, m, G, num(i[G, m])), out)
  }
  s <- summary(i, sets[[name]])
  best <- strsplit(names(s)[1], ",")[[1]]
  writeLines(paste("best", name, best[1], best[2]), out)
}
close(out)

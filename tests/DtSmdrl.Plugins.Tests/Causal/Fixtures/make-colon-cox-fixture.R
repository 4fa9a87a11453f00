# Makes colon-cox-fixture.json: R survival's numbers that the C# Cox, Kaplan-Meier and RMST code is held to.
# Run once from this folder (Debian: apt-get install r-base-core r-cran-survival, survival 3.5-3):
#   Rscript make-colon-cox-fixture.R /path/to/shared/data/colon.csv > colon-cox-fixture.json
# CI has no R: the tests read the checked-in JSON.
#
# Data: recurrence (etype 1), Lev+5FU versus Obs, 619 patients. Covariates are prepared exactly as
# `dtsmdrl causal estimate` prepares them: a numeric covariate with missing values gets the mean of
# the analysed rows and a 0/1 indicator <name>_missing; a categorical covariate is a factor whose
# reference is its first level, with missing values as a level of their own (addNA).
# Ties: coxph's default, Efron. Intervals: Wald, exp(coef -/+ 1.959964 se) with the model-based se.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
d <- d[d$etype == 1 & d$rx %in% c("Lev+5FU", "Obs"), ]
d$treated <- as.numeric(d$rx == "Lev+5FU")
impute <- function(x) { m <- is.na(x); x[m] <- mean(x, na.rm = TRUE); list(x = x, missing = as.numeric(m)) }
nodes <- impute(d$nodes); d$nodes_i <- nodes$x; d$nodes_missing <- nodes$missing
differ <- impute(d$differ); d$differ_i <- differ$x; d$differ_missing <- differ$missing
d$differ_f <- addNA(factor(d$differ))
d$extent_f <- factor(d$extent)

naive <- coxph(Surv(time, status) ~ treated, data = d, ties = "efron")
adjusted <- coxph(Surv(time, status) ~ treated + sex + age + obstruct + perfor + adhere + nodes_i + differ_i +
                    extent + surg + node4 + nodes_missing + differ_missing, data = d, ties = "efron")
categorical <- coxph(Surv(time, status) ~ treated + sex + age + obstruct + perfor + adhere + nodes_i +
                       differ_f + extent_f + surg + node4 + nodes_missing, data = d, ties = "efron")

horizon <- 1826
km <- survfit(Surv(time, status) ~ treated, data = d)
at <- summary(km, times = horizon)
rmst <- summary(km, rmean = horizon)$table[, "rmean"]

hr <- function(name, fit) {
  b <- coef(fit)[["treated"]]; se <- sqrt(vcov(fit)["treated", "treated"]); z <- qnorm(0.975)
  sprintf('  "%s": { "coef": %.10g, "se": %.10g, "hr": %.10g, "lower": %.10g, "upper": %.10g, "loglik": %.10g, "n": %d, "events": %d }',
          name, b, se, exp(b), exp(b - z * se), exp(b + z * se), fit$loglik[2], fit$n, fit$nevent)
}
cat("{\n")
cat(sprintf('  "r": "%s", "survival": "%s", "horizon": %d,\n', R.version.string, packageVersion("survival"), horizon))
cat(hr("naive", naive), ",\n", sep = "")
cat(hr("adjusted", adjusted), ",\n", sep = "")
cat(hr("adjustedCategorical", categorical), ",\n", sep = "")
cat(sprintf('  "kaplanMeier": { "control": { "survival": %.10g, "se": %.10g, "rmst": %.10g }, "treated": { "survival": %.10g, "se": %.10g, "rmst": %.10g } }\n',
            at$surv[1], at$std.err[1], rmst[[1]], at$surv[2], at$std.err[2], rmst[[2]]))
cat("}\n")

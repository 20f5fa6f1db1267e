/**
 * Convergence trouble in iterative fits (Cox, logistic regression, SVM), typed so programs can react and
 * worded so people know what to check. A fit that still produced usable numbers returns them with a
 * `ConvergenceWarning` in its `warnings`; a fit that cannot produce numbers throws a `ConvergenceError`.
 */
import { RadiogxError } from "../errors";

/**
 * The likely cause:
 * - `separation`: a covariate (or combination) perfectly separates the outcome (events vs non-events,
 *   cases vs controls), so its coefficient runs off to ±infinity (monotone likelihood);
 * - `collinearity`: covariates are (nearly) linear combinations of each other, so the information matrix
 *   is singular;
 * - `constant-column`: a covariate has zero variance (in the whole data, or among the subjects used);
 * - `max-iterations`: the optimiser stopped at its iteration limit before meeting its tolerance;
 * - `non-finite`: the log-likelihood, gradient or Hessian became NaN or infinite.
 */
export type ConvergenceCause = "separation" | "collinearity" | "constant-column" | "max-iterations" | "non-finite";

export interface ConvergenceWarning {
  readonly kind: "convergence";
  readonly cause: ConvergenceCause;
  readonly message: string;
  /** The covariates involved, when known. */
  readonly columns: readonly string[];
}

export function convergenceWarning(cause: ConvergenceCause, message: string, columns: readonly string[] = []): ConvergenceWarning {
  return Object.freeze({ kind: "convergence" as const, cause, message, columns: Object.freeze([...columns]) });
}

/**
 * A fit that could not be completed. `code` is "CONVERGENCE_FAILED" (the data make the model unidentifiable);
 * `reason` says why and `columns` names the covariates involved.
 */
export class ConvergenceError extends RadiogxError {
  readonly reason: ConvergenceCause;
  readonly columns: readonly string[];
  constructor(reason: ConvergenceCause, message: string, columns: readonly string[] = [], hint?: string) {
    super("CONVERGENCE_FAILED", message, { key: columns[0], hint });
    this.name = "RadiogxError";
    this.reason = reason;
    this.columns = columns;
  }
}

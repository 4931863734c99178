/**
 * torchnode/lab: the regularization lab's helpers, ported from the course's
 * `scripts/` and the notebook (../../examples/lab.ts runs it), and its
 * homework: L1 regularisation and Prechelt's early stopping.
 * @example import { mnist, accuracy, AverageMeter, train_model } from "torchnode/lab";
 */
import * as mnist from "./mnist";

export { mnist };
export { accuracy, AverageMeter } from "./train_utils";
export { MLP, MLP_BN, MLP_BN_Drop } from "./models";
export { get_params_and_gradients_norm, train_epoch, train_model, test_model, default_device } from "./train";
export type { Trajectory, Performance, LossFn, TrainModelOptions, TestModelOptions } from "./train";
export { History } from "./callbacks";
export type { Callback, TrainState } from "./callbacks";
// Plots and bars load vega, vega-lite, resvg and cli-progress on first use: this module loads without them.
export { plot_trajectory, plot_curves, trajectory_spec, curves_spec, fit_ylim, NOTEBOOK_YLIM, renderSvg, renderPng } from "./plot";
export type { CurvePanel, PlotTrajectoryOptions, PlotCurvesOptions, Ylim } from "./plot";
export { progressFormat } from "./progress";
export { L1RegularizedLoss, l1_regularized_loss, l1_penalty } from "./regularization";
export {
  Validation, EOpt, GL, PQ, UP, Criterion, criteria, evaluate, clone_state_dict,
  generalization_loss, training_progress, is_strip_end, formatG,
} from "./early_stopping";

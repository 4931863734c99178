/**
 * The lab's three models and its norm helper, for test/nn_golden.test.ts:
 * the library's own port (lib/lab), so the golden suite checks what the lab runs.
 */
import { MLP, MLP_BN, MLP_BN_Drop, get_params_and_gradients_norm } from "../../lib/lab";

export { MLP, MLP_BN, MLP_BN_Drop, get_params_and_gradients_norm };
export const LAB_MODELS = { MLP, MLP_BN, MLP_BN_Drop };
export type LabModelName = keyof typeof LAB_MODELS;

/** torchnode/vision: torchvision.utils (make_grid, save_image). */
import * as utils from "./utils";

export { utils };

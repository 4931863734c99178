/** torch.utils: reachable from the main import as in Python (torch.utils.data.DataLoader). */
import * as data from "./data";

export { data };

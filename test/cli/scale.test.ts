/** test/e2e/scale.test.ts through the real `pulumi` CLI (see ./support.ts). */
import { throughCli } from "./support";

await throughCli(() => import("../e2e/scale.test"));

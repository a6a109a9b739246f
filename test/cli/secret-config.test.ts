/** test/e2e/secret-config.test.ts through the real `pulumi` CLI (see ./support.ts). */
import { throughCli } from "./support";

await throughCli(() => import("../e2e/secret-config.test"));

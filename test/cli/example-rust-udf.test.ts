/** test/e2e/examples/rust-udf.test.ts through the real `pulumi` CLI (see ./support.ts). */
import { throughCli } from "./support";

await throughCli(() => import("../e2e/examples/rust-udf.test"));

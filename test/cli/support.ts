/**
 * The scenarios of test/e2e through the real `pulumi` CLI: a file here sets PULUMI_FELDERA_TEST_ENGINE=cli
 * (read by test/e2e/support.ts `newEngine`) and imports the scenario file, whose tests then run under
 * tools/pulumi-cli `CliEngine` instead of the engine stand-in. Without a CLI the file reports one skip
 * saying how to get one; where the CLI is required (CI: PULUMI_FELDERA_REQUIRE_CLI=1) it fails instead.
 */
import { it } from "vitest";
import { NO_CLI, pulumiCliOrSkip } from "../../tools/pulumi-cli/locate";

export async function throughCli(load: () => Promise<unknown>): Promise<void> {
  if (!pulumiCliOrSkip()) {
    it.skip(NO_CLI, () => {});
    return;
  }
  process.env["PULUMI_FELDERA_TEST_ENGINE"] = "cli";
  await load();
}

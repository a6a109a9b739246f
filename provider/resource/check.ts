/**
 * `check`: validate the declaration before anything is sent to Feldera.
 *
 * Schema validation needs no network and runs on every preview. When `validateSqlOnPreview` is on (the
 * default) and the program is new or changed, the SQL is also compiled by `/v0/validate_program` on servers
 * that have it (≥ v0.324), so a SQL error fails the preview, with `line:column: message` and the snippet,
 * instead of the update. A server that cannot be reached does not fail a preview: the update will.
 */
import { type CheckFailure, checkPipelineInputs } from "../model/check-inputs";
import { formatSqlMessages } from "../model/program-errors";
import { withConnection } from "./connection";

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures?: CheckFailure[];
}

export async function checkPipeline(
  self: unknown,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<CheckResult> {
  const result = checkPipelineInputs(news);
  if (result.kind === "invalid") return { inputs: news, failures: result.failures };
  if (result.kind === "incomplete" || !result.desired.validateSqlOnPreview) return { inputs: news };
  if (olds["programCode"] === news["programCode"]) return { inputs: news };
  const { name, programCode, programConfig } = result.desired;
  const failure = await validateSql(self, name, programCode, programConfig?.runtime_version ?? null);
  return failure ? { inputs: news, failures: [failure] } : { inputs: news };
}

/**
 * With the declared `runtime_version`, so that a pinned compiler judges the SQL. A server without that
 * unstable feature answers SystemError for it: then the platform's compiler judges it, as it would without
 * a pin, rather than no compiler at all.
 */
async function validateSql(
  self: unknown,
  name: string,
  programCode: string,
  runtimeVersion: string | null,
): Promise<CheckFailure | undefined> {
  try {
    return await withConnection(self, async ({ client, features }) => {
      if (!features.validateProgram) return undefined;
      let r = await client.validateProgram({ program_code: programCode, runtime_version: runtimeVersion });
      if ("SystemError" in r && runtimeVersion !== null)
        r = await client.validateProgram({ program_code: programCode });
      if (!("SqlError" in r)) return undefined;
      return {
        property: "programCode",
        reason: `programCode of pipeline '${name}' does not compile:\n${formatSqlMessages(r.SqlError.info)}\nFix: correct the SQL (positions are line:column in programCode), or set validateSqlOnPreview: false to skip this check during preview.`,
      };
    });
  } catch (e) {
    process.stderr.write(
      `feldera: warning: could not validate the SQL of pipeline '${name}' during preview (${e instanceof Error ? e.message : String(e)}); it will be compiled during the update.\n`,
    );
    return undefined;
  }
}

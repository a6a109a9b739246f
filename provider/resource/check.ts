/**
 * `check`: validate the declaration before anything is sent to Feldera, and the connection before any
 * diff is reported.
 *
 * The host calls check in `pulumi preview` and again at the start of `pulumi up`, and cannot tell which
 * (its CheckRequest has no preview flag), so messages name neither. In order:
 * 1. schema validation, no network: malformed inputs fail here and nothing is sent;
 * 2. the connection, once per deployment (connection.ts): a wrong key or tenant, an unreachable or
 *    unsupported server fails check with doctor's diagnosis and fix, so a preview gate cannot pass with
 *    settings the update would fail on;
 * 3. when `validateSqlOnPreview` is on (the default) and the program is new or changed, the SQL is
 *    compiled by `/v0/validate_program` (≥ v0.324), so a SQL error fails check with `line:column:
 *    message` and the snippet. A server without that endpoint is the one case that only warns: nothing is
 *    wrong, the SQL is then judged when the update compiles it.
 */
import { describeFailure } from "../client/diagnose";
import { type CheckFailure, checkPipelineInputs } from "../model/check-inputs";
import { formatSqlMessages } from "../model/program-errors";
import { SINCE } from "../model/versions";
import { type Connection, firstWarning, verifyConnection, withConnection } from "./connection";

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
  const broken = await verifyConnection(self);
  if (broken) {
    // Not one input's problem: the engine then reports it for the resource as a whole.
    const reason = `Cannot reach a usable Feldera: ${describeFailure(broken)} (\`npx pulumi-feldera doctor --stack <stack>\` runs the same checks.)`;
    return { inputs: news, failures: [{ property: "", reason }] };
  }
  if (result.kind === "incomplete" || !result.desired.validateSqlOnPreview) return { inputs: news };
  if (olds["programCode"] === news["programCode"]) return { inputs: news };
  const { name, programCode, programConfig } = result.desired;
  const failure = await withConnection(self, (c) =>
    validateSql(self, c, name, programCode, programConfig?.runtime_version ?? null),
  );
  return failure ? { inputs: news, failures: [failure] } : { inputs: news };
}

/**
 * With the declared `runtime_version`, so that a pinned compiler judges the SQL. A server without that
 * unstable feature answers SystemError for it: then the platform's compiler judges it, as it would without
 * a pin, rather than no compiler at all.
 */
async function validateSql(
  self: unknown,
  { client, features, progress, explain }: Connection,
  name: string,
  programCode: string,
  runtimeVersion: string | null,
): Promise<CheckFailure | undefined> {
  if (!features.validateProgram) {
    if (firstWarning(self))
      progress(
        `feldera: warning: the Feldera server (v${features.version.replace(/^v/, "")}) has no /v0/validate_program ` +
          `(v${SINCE.programValidation.join(".")} or later): SQL is not checked before it is deployed, and a SQL ` +
          "error fails `pulumi up` when the pipeline compiles, not `pulumi preview`",
      );
    return undefined;
  }
  try {
    let r = await client.validateProgram({ program_code: programCode, runtime_version: runtimeVersion });
    if ("SystemError" in r && runtimeVersion !== null)
      r = await client.validateProgram({ program_code: programCode });
    if (!("SqlError" in r)) return undefined;
    return {
      property: "programCode",
      reason: `programCode of pipeline '${name}' does not compile:\n${formatSqlMessages(r.SqlError.info)}\nFix: correct the SQL (positions are line:column in programCode), or set validateSqlOnPreview: false to skip this check.`,
    };
  } catch (e) {
    const f = explain(e);
    return {
      property: "programCode",
      reason: `The SQL of pipeline '${name}' could not be validated: ${f.detail}\nFix: ${f.fix}, or set validateSqlOnPreview: false to skip this check.`,
    };
  }
}

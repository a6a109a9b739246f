import { describe, expect, it } from "vitest";
import { connectorsParseable } from "../../../provider/policy/policies/connectors-parseable";
import { compliantPipeline, tableWithConnectors } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("connectors-parseable", () => {
  it("is advisory by default", () => {
    expect(connectorsParseable.enforcementLevel).toBe("advisory");
  });

  it("accepts well-formed connector declarations", async () => {
    expect((await runResourcePolicy(connectorsParseable, compliantPipeline())).violations).toEqual([]);
  });

  it("reports malformed JSON with the line of the error", async () => {
    const programCode = `-- header\n${tableWithConnectors('[{\n  "transport": {"name": "kafka_input",}\n}]')}`;
    const { violations } = await runResourcePolicy(connectorsParseable, compliantPipeline({ programCode }));
    expect(violations).toEqual([
      `Pipeline 'orders' (programCode line 4: the connectors of table "events": invalid JSON: expected a quoted key) violates connectors-parseable: connector declarations must be a JSON array of connector objects, or the connector policies cannot check them. Fix: correct the JSON inside 'connectors' = '…' (write each ' inside it as '').`,
    ]);
  });

  it("reports a connectors literal the program never closes, without failing", async () => {
    const programCode = "CREATE TABLE t (x INT)\nWITH ('connectors' = '[{\"transport\": ";
    const { violations } = await runResourcePolicy(connectorsParseable, compliantPipeline({ programCode }));
    expect(violations).toEqual([
      `Pipeline 'orders' (programCode line 2: the connectors of table "t": the string literal is never closed) violates connectors-parseable: connector declarations must be a JSON array of connector objects, or the connector policies cannot check them. Fix: correct the JSON inside 'connectors' = '…' (write each ' inside it as '').`,
    ]);
  });
});

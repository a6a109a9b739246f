import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/model/check-inputs";
import { forbiddenConnectors } from "../../../provider/policy/policies/forbidden-connectors";
import { compliantPipeline, tableWithConnectors } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

const URL_AND_KAFKA = tableWithConnectors(
  '[\n  {"transport": {"name": "kafka_input", "config": {"topic": "a"}}},\n  {"transport": {"name": "URL_INPUT", "config": {"path": "https://example.com/a.json"}}}\n]',
  "vendor",
);

describe("forbidden-connectors", () => {
  it("is mandatory by default", () => {
    expect(forbiddenConnectors.enforcementLevel).toBe("mandatory");
  });

  it("accepts Kafka connectors in production", async () => {
    expect(
      (await runResourcePolicy(forbiddenConnectors, compliantPipeline(), { stack: "prod" })).violations,
    ).toEqual([]);
  });

  it("reports a url_input connector in production with its line, whatever the case of its name", async () => {
    const props = compliantPipeline({ programCode: URL_AND_KAFKA });
    const { violations } = await runResourcePolicy(forbiddenConnectors, props, { stack: "prod" });
    expect(violations).toEqual([
      `Pipeline 'orders' (programCode line 4: table "vendor" connector #2 has transport.name = "URL_INPUT") violates forbidden-connectors: pipelines in stacks matching "prod" must not use the "URL_INPUT" transport. Fix: replace that connector with an approved transport (e.g. kafka_input, or delta_table_input for files), or remove it.`,
    ]);
  });

  it("allows them in development", async () => {
    const props = compliantPipeline({ programCode: URL_AND_KAFKA });
    expect((await runResourcePolicy(forbiddenConnectors, props, { stack: "dev" })).violations).toEqual([]);
  });

  it("forbids the transports the configuration lists", async () => {
    const props = compliantPipeline();
    const { violations } = await runResourcePolicy(forbiddenConnectors, props, {
      stack: "prod",
      config: { transports: ["kafka_output"] },
    });
    expect(violations).toEqual([
      `Pipeline 'orders' (programCode line 18: view "order_count" connector #1 has transport.name = "kafka_output") violates forbidden-connectors: pipelines in stacks matching "prod" must not use the "kafka_output" transport. Fix: replace that connector with an approved transport (e.g. kafka_input, or delta_table_input for files), or remove it.`,
    ]);
  });

  it("is not applicable while the program is unknown", async () => {
    const outcome = await runResourcePolicy(
      forbiddenConnectors,
      compliantPipeline({ programCode: UNKNOWN_VALUE }),
      {
        stack: "prod",
        preview: true,
      },
    );
    expect(outcome).toEqual({
      violations: [],
      notApplicable:
        "programCode is not known until the update (it is computed from another resource); it is checked then",
    });
  });
});

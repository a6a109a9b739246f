/**
 * What a user's editor shows for a Pipeline declaration, asked of TypeScript's language service (the
 * engine behind VS Code's hovers) over a program that imports the built package by name: a hover on an
 * input, however deep, shows the property's documentation and the type it belongs to; a mistake is
 * reported against a named type, not an expansion of every field.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./public-api";

const FILE = join(ROOT, "test", "types", "editor-probe.ts");
const SOURCE = `import * as pulumi from "@pulumi/pulumi";
import * as feldera from "pulumi-feldera";

const config = new pulumi.Config();
new feldera.Pipeline("orders", {
  programCode: "CREATE TABLE t (x INT);",
  runtimeConfig: {
    workers: 8,
    env: { KAFKA_PASSWORD: config.requireSecret("kafkaPassword") },
    storage: { backend: { name: "file", config: { sync: { bucket: "checkpoints" } } } },
  },
  healthGate: { seconds: 60 },
});
new feldera.Pipeline("typo", { programCode: "", runtimeConfig: { wrokers: 8 } });
`;

let service: ts.LanguageService;
beforeAll(() => {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ["node"],
  };
  service = ts.createLanguageService({
    getScriptFileNames: () => [FILE],
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) =>
      ts.ScriptSnapshot.fromString(f === FILE ? SOURCE : (ts.sys.readFile(f) ?? readFileSync(f, "utf8"))),
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (f) => f === FILE || ts.sys.fileExists(f),
    readFile: (f) => (f === FILE ? SOURCE : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
}, 60_000);

function hover(property: string): { display: string; documentation: string } {
  const info = service.getQuickInfoAtPosition(FILE, SOURCE.indexOf(`${property}:`));
  return {
    display: ts.displayPartsToString(info?.displayParts),
    documentation: ts.displayPartsToString(info?.documentation),
  };
}

describe("in an editor", () => {
  it.each([
    ["programCode", "PipelineArgs"],
    ["workers", "RuntimeConfig"],
    ["env", "RuntimeConfig"],
    ["bucket", "SyncConfig"],
    ["seconds", "HealthGate"],
  ])(
    "a hover on %s shows its documentation, as a property of %s",
    (property, owner) => {
      const { display, documentation } = hover(property);
      expect(display).toContain(`(property) ${owner}.${property}`);
      expect(documentation.length).toBeGreaterThan(20);
    },
    60_000,
  );

  it("reports a misspelt runtime setting against the RuntimeConfig type, by name", () => {
    const messages = service
      .getSemanticDiagnostics(FILE)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/'wrokers' does not exist in type 'Input<RuntimeConfig>'/);
  }, 60_000);
});

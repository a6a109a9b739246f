/**
 * What package.json promises agrees with the repository and the README: every `files` entry exists
 * (dist/ is built from the folder of the same name), and the Node.js and @pulumi/pulumi minimums the
 * README states are the ones engines and peerDependencies declare.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  files: string[];
  license: string;
  engines: { node: string };
  peerDependencies: Record<string, string>;
};
const README = readFileSync(join(ROOT, "README.md"), "utf8");
/** The Install section, with line breaks as spaces. */
const install = README.split(/^## Install$/m)[1]!
  .split(/^## /m)[0]!
  .replace(/\s+/g, " ");

describe("package.json", () => {
  it("lists only files that exist (dist/ entries by their sources)", () => {
    for (const entry of pkg.files) {
      const source = entry.startsWith("dist/") ? entry.slice("dist/".length) : entry;
      expect(existsSync(join(ROOT, source)), entry).toBe(true);
    }
  });

  it("declares the license by its SPDX identifier", () => {
    expect(pkg.license).toBe("Apache-2.0");
  });

  it("requires the Node.js version the README's Install section states", () => {
    const engine = /^>=(\d+)\.(\d+)\.0$/.exec(pkg.engines.node);
    expect(engine, pkg.engines.node).not.toBeNull();
    expect(install).toContain(`Node.js ${engine![1]}.${engine![2]} or later`);
  });

  it("accepts the @pulumi/pulumi versions the README's Install section states", () => {
    const peer = /^\^3\.(\d+)\.0$/.exec(pkg.peerDependencies["@pulumi/pulumi"]!);
    expect(peer).not.toBeNull();
    expect(install).toContain(`\`@pulumi/pulumi\` 3.${peer![1]} or later`);
  });
});

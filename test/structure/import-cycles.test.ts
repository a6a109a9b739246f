/**
 * No import cycles under provider/: every module can be read, tested and loaded after the modules it
 * imports. Type-only imports count too — a cycle of types is still two concepts that cannot be understood
 * apart, and it becomes a runtime cycle as soon as one side needs a value. Shared types go in their own
 * file instead (e.g. plan/refusals.ts, emulator/process-stats.ts).
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const PROVIDER = path.resolve(__dirname, "../../provider");

type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Each file's relative imports and re-exports (static and dynamic), resolved to files. */
function importGraph(files: string[]): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => {
        const base = path.resolve(path.dirname(file), spec);
        return [`${base}.ts`, path.join(base, "index.ts")].find((c) => fs.existsSync(c));
      })
      .filter((t): t is string => t !== undefined);
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("imports under provider/", () => {
  it("form no cycle", () => {
    const found = cycles(importGraph(sourceFiles(PROVIDER)));
    expect(found.map((c) => c.map((f) => path.relative(PROVIDER, f)).join(" ⇄ "))).toEqual([]);
  });

  it("are read from the sources: the graph has the layers' known edges", () => {
    const graph = importGraph(sourceFiles(PROVIDER));
    const edges = (from: string) =>
      (graph.get(path.join(PROVIDER, from)) ?? []).map((f) => path.relative(PROVIDER, f));
    expect(edges("plan/steps.ts")).toContain("plan/refusals.ts");
    expect(edges("emulator/runner.ts")).toContain("emulator/compiler.ts");
    expect(edges("index.ts")).toContain("error-base.ts");
  });

  it("would be reported when two modules import each other, directly or through others", () => {
    const graph: Graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
      ["e", ["e"]],
    ]);
    expect(cycles(graph)).toEqual([["a", "b", "c"], ["e"]]);
  });
});

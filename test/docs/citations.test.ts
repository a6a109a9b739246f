/**
 * Citations of Feldera's behaviour point at pages and anchors that exist. Code comments, test names and
 * published declarations cite the rules they follow as `docs/feldera/<page>.md#<anchor>`, and the pages
 * link each other as `<page>.md#<anchor>`; a renamed anchor or page must not leave a citation dangling.
 * The specification this project started from is not part of it, so no citation of it (by its file name
 * or as a bare section number) may remain.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["provider", "test", "bench", "scripts", "docs"];
const TEXT = /\.(ts|mts|cts|js|mjs|cjs|md|json)$/;

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (TEXT.test(entry.name)) yield p;
  }
}

const sources = SCANNED.flatMap((dir) => [...files(path.join(ROOT, dir))]).map((file) => ({
  file: path.relative(ROOT, file),
  text: fs.readFileSync(file, "utf8"),
}));

/** GitHub's heading slug: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every anchor a page defines: explicit `<a id>` elements and heading slugs. */
function anchorsOf(file: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const ids = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!);
  const headings = [...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!));
  return new Set([...ids, ...headings]);
}

interface Citation {
  from: string;
  line: number;
  /** Repository-relative page. */
  page: string;
  anchor?: string;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split("\n").length;

/** `docs/…/page.md#anchor` anywhere, and relative `](page.md#anchor)` links inside docs/. */
function citations(): Citation[] {
  const found: Citation[] = [];
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/(?<![\w/.-])docs\/[\w/.-]*?\.md(?:#([\w-]+(?:\.[\w-]+)*))?/g)) {
      const page = m[0].split("#")[0]!;
      found.push({ from: file, line: lineOf(text, m.index), page, anchor: m[1] });
    }
    if (!file.startsWith("docs/")) continue;
    for (const m of text.matchAll(/\]\(([^)#\s:]+\.md)?(?:#([\w-]+(?:\.[\w-]+)*))?\)/g)) {
      if (!m[1] && !m[2]) continue;
      const page = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), m[1] ?? path.basename(file)));
      found.push({ from: file, line: lineOf(text, m.index), page, anchor: m[2] });
    }
  }
  return found;
}

describe("citations of Feldera's behaviour", () => {
  const all = citations();

  it("cite the docs pages (the provider and the emulator both do)", () => {
    const citing = new Set(all.filter((c) => !c.from.startsWith("docs/")).map((c) => c.from.split("/")[0]));
    expect([...citing].sort()).toEqual(expect.arrayContaining(["provider", "test"]));
  });

  it("point at pages that exist", () => {
    const missing = all
      .filter((c) => !fs.existsSync(path.join(ROOT, c.page)))
      .map((c) => `${c.from}:${c.line}: ${c.page}`);
    expect(missing).toEqual([]);
  });

  it("point at anchors their page defines", () => {
    const anchors = new Map<string, Set<string>>();
    const dangling = all
      .filter((c) => c.anchor !== undefined && fs.existsSync(path.join(ROOT, c.page)))
      .filter((c) => {
        if (!anchors.has(c.page)) anchors.set(c.page, anchorsOf(c.page));
        return !anchors.get(c.page)!.has(c.anchor!);
      })
      .map((c) => `${c.from}:${c.line}: ${c.page}#${c.anchor}`);
    expect(dangling).toEqual([]);
  });

  it("never cite the original specification, by file name or by bare section number", () => {
    // Spelled with escapes so that this file does not match itself.
    const spec = new RegExp(`${"LIFE"}${"CYCLE"}(\\.md)?`);
    const section = /\u00a7\s*\d/;
    const stale = sources.flatMap(({ file, text }) =>
      text
        .split("\n")
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        .filter(({ line }) => spec.test(line) || section.test(line))
        .map(({ line, at }) => `${at}: ${line.trim()}`),
    );
    expect(stale).toEqual([]);
  });
});

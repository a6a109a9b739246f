/**
 * `PipelineDiff` (docs/feldera/compilation.md#program-diff) between two compiled programs: tables and views added, removed or modified (same
 * name, different definition text), and connectors likewise. Lists are sorted, as the server sorts them.
 */
import type { ProgramInfo } from "./program-info";

export interface PipelineDiff {
  program_diff: {
    added_tables: string[];
    removed_tables: string[];
    modified_tables: string[];
    added_views: string[];
    removed_views: string[];
    modified_views: string[];
  };
  program_diff_error: string | null;
  added_input_connectors: string[];
  modified_input_connectors: string[];
  removed_input_connectors: string[];
  added_output_connectors: string[];
  modified_output_connectors: string[];
  removed_output_connectors: string[];
}

export function diffPrograms(before: ProgramInfo | null, after: ProgramInfo): PipelineDiff {
  const relations = (info: ProgramInfo | null, kind: "table" | "view") =>
    new Map(
      Object.entries(info?.definitions ?? {})
        .filter(([key]) => key.startsWith(`${kind}:`))
        .map(([key, definition]) => [key.slice(kind.length + 1), definition]),
    );
  const tables = compare(relations(before, "table"), relations(after, "table"));
  const views = compare(relations(before, "view"), relations(after, "view"));
  const inputs = compare(asText(before?.input_connectors), asText(after.input_connectors));
  const outputs = compare(asText(before?.output_connectors), asText(after.output_connectors));
  return {
    program_diff: {
      added_tables: tables.added,
      removed_tables: tables.removed,
      modified_tables: tables.modified,
      added_views: views.added,
      removed_views: views.removed,
      modified_views: views.modified,
    },
    program_diff_error: null,
    added_input_connectors: inputs.added,
    modified_input_connectors: inputs.modified,
    removed_input_connectors: inputs.removed,
    added_output_connectors: outputs.added,
    modified_output_connectors: outputs.modified,
    removed_output_connectors: outputs.removed,
  };
}

function asText(connectors: Record<string, unknown> | undefined): Map<string, string> {
  return new Map(Object.entries(connectors ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
}

function compare(before: Map<string, string>, after: Map<string, string>) {
  const sorted = (xs: Iterable<string>) => [...xs].sort();
  return {
    added: sorted([...after.keys()].filter((k) => !before.has(k))),
    removed: sorted([...before.keys()].filter((k) => !after.has(k))),
    modified: sorted([...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k))),
  };
}

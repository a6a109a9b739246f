/** What every measurement returns: tables to print, figures for results.json, and its targets. */
import type { Table } from "./table";
import type { Target } from "./targets";

export interface BenchOptions {
  /** `--quick`: the same measurements at a smaller scale (≤ 100 pipelines, < 3 minutes in all). */
  quick: boolean;
  seed: number;
  /** Progress for the person watching (stderr); the tables are the output. */
  log: (line: string) => void;
}

export interface SectionResult {
  key: string;
  title: string;
  tables: Table[];
  data: unknown;
  targets: Target[];
  durationMs: number;
}

export type Section = (options: BenchOptions) => Promise<Omit<SectionResult, "durationMs">>;

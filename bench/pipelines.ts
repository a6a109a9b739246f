/**
 * What the bench deploys: small programs that compile in the emulator, the Pipeline inputs a Pulumi
 * program would declare, and a ~1 MB program of many tables and views.
 */

export type Props = Record<string, unknown>;

/** A two-statement program; `variant` adds views, which is a program change (recompile, restart). */
export function smallProgram(tag: string, variant = 0): string {
  const lines = [
    `CREATE TABLE orders_${tag} (id BIGINT NOT NULL, amount DECIMAL(10, 2), placed TIMESTAMP);`,
    `CREATE VIEW totals_${tag} AS SELECT SUM(amount) AS total FROM orders_${tag};`,
  ];
  for (let v = 1; v <= variant; v++) {
    lines.push(
      `CREATE VIEW big_${tag}_${v} AS SELECT id, amount FROM orders_${tag} WHERE amount > ${v * 100};`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The inputs of a running Pipeline, as `new Pipeline(name, { … })` would pass them. */
export function pipelineProps(name: string, programCode: string, extra: Props = {}): Props {
  return { name, programCode, desiredStatus: "running", ...extra };
}

/**
 * A program of at least `bytes` characters (ASCII, so bytes): pairs of a table and an aggregating view,
 * each pair ~200 bytes, so 1 MB is ~5,000 tables and ~5,000 views.
 */
export function largeProgram(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const pair =
      `CREATE TABLE t${i} (id BIGINT NOT NULL, name VARCHAR, amount DECIMAL(10, 2), ts TIMESTAMP);\n` +
      `CREATE VIEW v${i} AS SELECT id, name, SUM(amount) AS total FROM t${i} WHERE amount > 0 GROUP BY id, name;\n`;
    parts.push(pair);
    size += pair.length;
  }
  return parts.join("");
}

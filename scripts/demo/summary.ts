/**
 * The demo's closing summary: what is deployed (read from the emulator, i.e. from Feldera's side, not
 * from Pulumi's state) and every request Feldera received, grouped, so the economy of the provider is
 * visible: writes only where something changed, cheap status polls while waiting.
 */
import type { Emulator } from "../../provider/emulator";

interface Snapshot {
  name: string;
  program_status: string;
  program_version: number;
  deployment_status: string;
  storage_status: string;
  runtime_config?: { workers?: number };
  program_config?: { profile?: string | null };
  description?: string;
}

/** What Feldera runs, as it reports it: one row per pipeline the demo touched that still exists. */
export function deployedTable(emulator: Emulator): string[] {
  const names = [
    ...new Set(emulator.requests.map((r) => /^\/v0\/pipelines\/([^/]+)/.exec(r.path)?.[1]).filter(Boolean)),
  ];
  const pipelines = names
    .map((n) => emulator.snapshot(n as string) as Snapshot | undefined)
    .filter((p) => p !== undefined);
  const lines = [
    "Deployed (as Feldera reports it):",
    `  ${"pipeline".padEnd(14)}${"status".padEnd(10)}${"program".padEnd(16)}${"workers".padEnd(9)}${"profile".padEnd(10)}storage`,
    ...pipelines.map(
      (p) =>
        `  ${p.name.padEnd(14)}${p.deployment_status.padEnd(10)}${`${p.program_status} v${p.program_version}`.padEnd(16)}${String(p.runtime_config?.workers ?? "?").padEnd(9)}${String(p.program_config?.profile ?? "default").padEnd(10)}${p.storage_status}`,
    ),
  ];
  return lines;
}

/** Every request Feldera received, grouped by kind (status polls apart), and the demo's duration. */
export function requestTable(emulator: Emulator, elapsedMs: number): string[] {
  const lines = ["Requests Feldera received:"];
  const groups = new Map<string, number>();
  for (const r of emulator.requests) {
    const kind =
      r.method === "GET"
        ? r.query["selector"] === "status"
          ? "GET  status polls (selector=status)"
          : `GET  ${r.path.replace(/^\/v0\/pipelines\/[^/]+/, "/v0/pipelines/{name}")}`
        : `${r.method.padEnd(4)} ${r.path.replace(/^\/v0\/pipelines\/[^/]+/, "/v0/pipelines/{name}")}`;
    groups.set(kind, (groups.get(kind) ?? 0) + 1);
  }
  for (const [kind, n] of [...groups].sort()) lines.push(`  ${String(n).padStart(4)}  ${kind}`);
  lines.push(
    "",
    `Done in ${(elapsedMs / 1000).toFixed(1)} s. The stack is destroyed and the emulator stopped; nothing was left running.`,
  );
  return lines;
}

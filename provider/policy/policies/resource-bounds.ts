/**
 * resource-bounds: a pipeline's size stays within what the platform team budgets for. Each bound is a
 * setting; `null` switches it off. Judged on effective values, so an absent `workers` counts as the
 * server's default of 8 and an absent `hosts` as 1.
 *
 * Memory bounds cover every memory figure a pipeline can declare: the Kubernetes request and limit
 * (`resources.memory_mb_min`, `resources.memory_mb_max`) and the process's own cap (`max_rss_mb`). CPU
 * bounds cover `resources.cpu_cores_min` and `resources.cpu_cores_max`.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { optionalNumber, settings } from "../config";
import { declares } from "../effective";
import { ALL_STACKS, stacksProperty } from "../environment";
import { openPipeline } from "../rule";

const NAME = "resource-bounds";

const config = settings({
  minWorkers: optionalNumber(1, "Fewest worker threads (runtimeConfig.workers, default 8)."),
  maxWorkers: optionalNumber(64, "Most worker threads (runtimeConfig.workers, default 8)."),
  maxHosts: optionalNumber(8, "Most hosts (runtimeConfig.hosts, default 1)."),
  maxMemoryMb: optionalNumber(
    131_072,
    "Most memory in MB for runtimeConfig.resources.memory_mb_min/memory_mb_max and runtimeConfig.max_rss_mb.",
  ),
  maxCpuCores: optionalNumber(64, "Most CPU cores for runtimeConfig.resources.cpu_cores_min/cpu_cores_max."),
  stacks: stacksProperty(ALL_STACKS),
});

interface Bound {
  property: string;
  value: number | null;
  setting: string;
  limit: number | null;
  kind: "min" | "max";
  what: string;
}

export const resourceBounds: ResourceValidationPolicy = {
  name: NAME,
  description: "Limits workers, hosts, memory and CPU of Feldera pipelines to configured bounds.",
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule) return;
    const paths = ["workers", "hosts", "max_rss_mb", "resources"].map((p) => `runtimeConfig.${p}`);
    if (!rule.known(...paths)) return;
    const c = rule.runtimeConfig();
    if (!c) return;
    const s = rule.config;
    const r = c.resources;
    const memory = {
      setting: "maxMemoryMb",
      limit: s.maxMemoryMb,
      kind: "max",
      what: "MB of memory",
    } as const;
    const cpu = { setting: "maxCpuCores", limit: s.maxCpuCores, kind: "max", what: "CPU cores" } as const;
    const bounds: Bound[] = [
      {
        property: "workers",
        value: c.workers,
        setting: "minWorkers",
        limit: s.minWorkers,
        kind: "min",
        what: "worker threads",
      },
      {
        property: "workers",
        value: c.workers,
        setting: "maxWorkers",
        limit: s.maxWorkers,
        kind: "max",
        what: "worker threads",
      },
      {
        property: "hosts",
        value: c.hosts,
        setting: "maxHosts",
        limit: s.maxHosts,
        kind: "max",
        what: "hosts",
      },
      { property: "max_rss_mb", value: c.max_rss_mb, ...memory },
      { property: "resources.memory_mb_min", value: r.memory_mb_min, ...memory },
      { property: "resources.memory_mb_max", value: r.memory_mb_max, ...memory },
      { property: "resources.cpu_cores_min", value: r.cpu_cores_min, ...cpu },
      { property: "resources.cpu_cores_max", value: r.cpu_cores_max, ...cpu },
    ];
    for (const b of bounds) {
      if (b.value === null || b.limit === null) continue;
      if (b.kind === "max" ? b.value <= b.limit : b.value >= b.limit) continue;
      const declared = declares(rule.pipeline.props, ...b.property.split("."));
      rule.report({
        property: `runtimeConfig.${b.property}`,
        ...(declared
          ? { value: b.value }
          : { note: `is not set, so the server's default of ${b.value} applies` }),
        rule: `pipelines ${rule.where} must use ${b.kind === "max" ? "at most" : "at least"} ${b.limit} ${b.what}`,
        fix: `set runtimeConfig.${b.property} to ${b.kind === "max" ? "at most" : "at least"} ${b.limit} (the ${b.setting} setting of ${NAME})`,
      });
    }
  },
};

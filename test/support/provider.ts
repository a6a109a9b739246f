/**
 * The Pipeline provider, configured as the dynamic-provider host configures it (stack config with fully
 * qualified keys), but loaded from the TypeScript sources so tests need no build. Progress lines are
 * collected instead of printed. `pipelineProvider` itself (the serialized trampolines) is tested through
 * the real host in test/e2e.
 */

import { configureInstance } from "../../provider/resource/connection";
import * as entry from "../../provider/resource/entry";

type Props = Record<string, unknown>;

export interface TestProvider {
  progress: string[];
  check(olds: Props, news: Props): ReturnType<typeof entry.check>;
  diff(id: string, olds: Props, news: Props): ReturnType<typeof entry.diff>;
  create(props: Props): ReturnType<typeof entry.create>;
  read(id: string, props: Props): ReturnType<typeof entry.read>;
  update(id: string, olds: Props, news: Props): ReturnType<typeof entry.update>;
  delete(id: string, props: Props): Promise<void>;
}

export function testProvider(url: string, config: Record<string, string> = {}): TestProvider {
  const self = {};
  const progress: string[] = [];
  const stack: Record<string, string> = { "feldera:host": url, ...config };
  configureInstance(self, { get: (key) => stack[key] }, (line) => progress.push(line));
  return {
    progress,
    check: (olds, news) => entry.check(self, olds, news),
    diff: (id, olds, news) => entry.diff(self, id, olds, news),
    create: (props) => entry.create(self, props),
    read: (id, props) => entry.read(self, id, props),
    update: (id, olds, news) => entry.update(self, id, olds, news),
    delete: (id, props) => entry.destroy(self, id, props),
  };
}

/** The writes (non-GET requests) the emulator saw, as "METHOD path?query body-keys". */
export function writes(
  requests: readonly { method: string; path: string; query: Record<string, string>; body: unknown }[],
): string[] {
  return requests
    .filter((r) => r.method !== "GET")
    .map((r) => {
      const q = new URLSearchParams(
        Object.entries(r.query).sort(([a], [b]) => a.localeCompare(b)),
      ).toString();
      const body = r.body && typeof r.body === "object" ? ` {${Object.keys(r.body).join(",")}}` : "";
      return `${r.method} ${r.path}${q ? `?${q}` : ""}${body}`;
    });
}

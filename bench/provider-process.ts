/**
 * The provider process: a child node process that loads the BUILT provider by its package name
 * (`pulumi-feldera/dynamic-provider-v1`, as the serialized provider's trampolines do inside the
 * dynamic-provider host), configures ONE provider instance against the emulator (one client, one
 * StageTimings: as for every resource of one `pulumi up`), and serves the parent's calls over IPC.
 * Its RSS is therefore the provider's alone; the emulator runs in the parent.
 *
 * Also hosts the fixed-interval poller (sdk-poller.ts), so that both clients are measured from an equally
 * idle event loop. Usage: node provider-process.js <emulator url>.
 */
import type * as Entry from "../provider/resource/entry";
import type { ChildReply, ChildRequest, MemoryReport, ReadyMessage } from "./protocol";
import { sdkCreateAndStart, sdkDestroy } from "./sdk-poller";

/** A safety bound: the parent (engine stand-in) limits parallelism itself; this only caps a runaway. */
const MAX_IN_FLIGHT = 128;

const entry: typeof Entry = require("pulumi-feldera/dynamic-provider-v1");
const url = process.argv[2] ?? "";
const self = {};

function memory(): MemoryReport {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    maxRss: process.resourceUsage().maxRSS * 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

type Props = Record<string, unknown>;

function call(req: Extract<ChildRequest, { op: "call" }>): Promise<unknown> {
  const a = req.args;
  switch (req.method) {
    case "check":
      return entry.check(self, a[0] as Props, a[1] as Props);
    case "diff":
      return entry.diff(self, a[0] as string, a[1] as Props, a[2] as Props);
    case "create":
      return entry.create(self, a[0] as Props);
    case "update":
      return entry.update(self, a[0] as string, a[1] as Props, a[2] as Props);
    case "delete":
      return entry.destroy(self, a[0] as string, a[1] as Props);
  }
}

function serve(req: ChildRequest): Promise<unknown> {
  switch (req.op) {
    case "call":
      return call(req);
    case "sdk-create-start":
      return sdkCreateAndStart(url, req.name, req.programCode);
    case "sdk-destroy":
      return sdkDestroy(url, req.name);
    case "memory":
      return Promise.resolve(memory());
  }
}

let inFlight = 0;
const queue: ChildRequest[] = [];

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    const req = queue.shift()!;
    inFlight++;
    serve(req).then(
      (value) => reply({ id: req.id, ok: true, value: value ?? null, finishedAt: Date.now() }),
      (e: unknown) => {
        const error = e instanceof Error ? e : new Error(String(e));
        const code = (error as { code?: unknown }).code;
        reply({
          id: req.id,
          ok: false,
          error: { message: error.message, code: typeof code === "string" ? code : undefined },
          finishedAt: Date.now(),
        });
      },
    );
  }
}

function reply(message: ChildReply): void {
  inFlight--;
  process.send?.(message);
  pump();
}

async function main(): Promise<void> {
  const config = { get: (key: string) => (key === "feldera:host" ? url : undefined) };
  await entry.configure(self, { config } as unknown as Parameters<typeof entry.configure>[1]);
  process.on("message", (req: ChildRequest) => {
    queue.push(req);
    pump();
  });
  // The parent owns this process: when it goes away, so do we.
  process.on("disconnect", () => process.exit(0));
  const ready: ReadyMessage = { ready: true, memory: memory() };
  process.send?.(ready);
}

main().catch((e: unknown) => {
  process.stderr.write(`provider process: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

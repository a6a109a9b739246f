/**
 * `pulumi-feldera emulator`, run in-process: one `listening on` line, serving until interrupted.
 */
import { describe, expect, it } from "vitest";
import { parseEmulatorArgs, runEmulatorCommand } from "../../provider/emulator/cli";
import { client, waitFor } from "../support/http";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
  };
}

async function serve(argv: string[]) {
  const c = capture();
  const abort = new AbortController();
  const exit = runEmulatorCommand(argv, { ...c.io, signal: abort.signal });
  const line = await waitFor(async () => c.out[0] ?? (c.err[0] ? `error: ${c.err[0]}` : undefined), {
    what: "the listening line",
  });
  return { line, out: c.out, exit, stop: () => abort.abort() };
}

describe("pulumi-feldera emulator", () => {
  it("prints exactly one line with the URL, serves, and exits 0 when stopped", async () => {
    const run = await serve(["--port", "0", "--time-scale", "0.01"]);
    expect(run.line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = run.line.trim().slice("listening on ".length);
    expect((await client(url).get("/v0/config")).json).toMatchObject({
      version: "0.337.0",
      edition: "Enterprise",
    });
    run.stop();
    expect(await run.exit).toBe(0);
    expect(run.out).toHaveLength(1);
    await expect(client(url).get("/v0/config")).rejects.toThrow();
  });

  it("passes edition, version and API keys through", async () => {
    const run = await serve(["--edition=open-source", "--version", "0.300.0", "--api-key", "apikey:one"]);
    const url = run.line.trim().slice("listening on ".length);
    expect((await client(url).get("/v0/config")).status).toBe(401);
    const authed = await client(url, { headers: { authorization: "Bearer apikey:one" } }).get("/v0/config");
    expect(authed.json).toMatchObject({ version: "0.300.0", edition: "Open source" });
    run.stop();
    expect(await run.exit).toBe(0);
  });

  it("stops on SIGTERM", async () => {
    const c = capture();
    const exit = runEmulatorCommand([], c.io);
    await waitFor(async () => c.out[0]);
    process.emit("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("exits 2 with the usage on a bad flag, and 1 when the emulator cannot start", async () => {
    const bad = capture();
    expect(await runEmulatorCommand(["--colour", "blue"], bad.io)).toBe(2);
    expect(bad.err.join("")).toMatch(/unknown option '--colour'[\s\S]*usage: pulumi-feldera emulator/);
    expect(bad.out).toEqual([]);
    const old = capture();
    expect(await runEmulatorCommand(["--version", "0.100.0"], old.io)).toBe(1);
    expect(old.err.join("")).toMatch(/0\.148\.0/);
  });

  it("parses flags with separate or inline values and rejects missing ones", () => {
    expect(parseEmulatorArgs(["--host", "::1", "--port=8080", "--api-key", "a", "--api-key", "b"])).toEqual({
      ok: true,
      options: { host: "::1", port: 8080, apiKeys: ["a", "b"] },
    });
    expect(parseEmulatorArgs(["--port"])).toEqual({ ok: false, error: "--port needs a value" });
    expect(parseEmulatorArgs(["--port", "http"])).toMatchObject({ ok: false });
    expect(parseEmulatorArgs(["--edition", "free"])).toMatchObject({ ok: false });
  });
});

/**
 * The example pack imports `pulumi-feldera/policy`, which the package's export map points at
 * `dist/provider/policy/index.js`, exactly as a user's pack would: the pack runs against the built
 * package. Tests that launch it rebuild `dist/` first when a policy or model source is newer.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");
const BUILT = join(ROOT, "dist", "provider", "policy", "index.js");

export function ensurePolicyBuild(): void {
  if (builtAt() >= newestSource()) return;
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: ROOT,
        stdio: "pipe",
      },
    );
  } catch (e) {
    // tsc still emits when another module has a type error; only a missing or stale output is fatal.
    if (builtAt() < newestSource())
      throw new Error(`building dist/ failed:\n${(e as { stdout?: Buffer }).stdout}`);
  }
}

function builtAt(): number {
  try {
    return statSync(BUILT).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSource(): number {
  const dirs = [join(ROOT, "provider", "policy"), join(ROOT, "provider", "model")];
  return Math.max(...dirs.flatMap((d) => files(d).map((f) => statSync(f).mtimeMs)));
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

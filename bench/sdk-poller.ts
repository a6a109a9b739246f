/**
 * The reference: a client that waits as Feldera's official Python SDK does (docs/feldera/clients.md#waiting;
 * python/feldera/rest/feldera_client.py at feldera 5c7931d), request for request:
 *
 *  create and start  POST /v0/pipelines; poll `selector=status` at once and then every 1.0 s until
 *                    `program_status` is Success (anything but Pending/Compiling*: fail), then GET
 *                    `selector=all` (`_wait_for_compilation` returns the full pipeline); POST /dismiss_error;
 *                    POST /start?dismiss_error=false&initial=running; poll status at once and then every
 *                    0.5 s until `deployment_status` is Running or AwaitingApproval (Stopped with an error and
 *                    desired Stopped: fail).
 *  destroy           POST /stop?force=true, poll every 0.1 s until Stopped; POST /clear, poll every 0.25 s
 *                    until storage Cleared; DELETE (Pipeline.delete(clear_storage=True) after stop()).
 *
 * Sleeps come after each poll, so a period is the interval plus one request, as with `time.sleep`.
 * Loops are bounded by a deadline so a broken run cannot hang the bench.
 */

const DEADLINE_MS = 300_000;

interface Status {
  program_status?: string;
  deployment_status?: string;
  deployment_desired_status?: string;
  deployment_error?: unknown;
  storage_status?: string;
}

async function send(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/v0${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pollUntil(
  base: string,
  name: string,
  intervalMs: number,
  done: (s: Status) => boolean,
  fail: (s: Status) => string | undefined,
): Promise<Status> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const s = (await send(base, "GET", `/pipelines/${name}?selector=status`)) as Status;
    if (done(s)) return s;
    const reason = fail(s);
    if (reason) throw new Error(`pipeline ${name}: ${reason}`);
    if (Date.now() > deadline) throw new Error(`pipeline ${name}: timed out`);
    await sleep(intervalMs);
  }
}

const COMPILING = ["Pending", "CompilingSql", "SqlCompiled", "CompilingRust"];

export async function sdkCreateAndStart(base: string, name: string, programCode: string): Promise<void> {
  await send(base, "POST", "/pipelines", {
    name,
    program_code: programCode,
    udf_rust: "",
    udf_toml: "",
    description: "",
    tags: [],
  });
  await pollUntil(
    base,
    name,
    1000,
    (s) => s.program_status === "Success",
    (s) =>
      COMPILING.includes(String(s.program_status)) ? undefined : `failed to compile: ${s.program_status}`,
  );
  await send(base, "GET", `/pipelines/${name}?selector=all`);
  await send(base, "POST", `/pipelines/${name}/dismiss_error`);
  await send(base, "POST", `/pipelines/${name}/start?dismiss_error=false&initial=running`);
  await pollUntil(
    base,
    name,
    500,
    (s) => ["running", "awaitingapproval"].includes(String(s.deployment_status).toLowerCase()),
    (s) =>
      s.deployment_status === "Stopped" && s.deployment_error && s.deployment_desired_status === "Stopped"
        ? "stopped with an error"
        : undefined,
  );
}

export async function sdkDestroy(base: string, name: string): Promise<void> {
  await send(base, "POST", `/pipelines/${name}/stop?force=true`);
  await pollUntil(
    base,
    name,
    100,
    (s) => s.deployment_status === "Stopped",
    () => undefined,
  );
  await send(base, "POST", `/pipelines/${name}/clear`);
  await pollUntil(
    base,
    name,
    250,
    (s) => s.storage_status === "Cleared",
    () => undefined,
  );
  await send(base, "DELETE", `/pipelines/${name}`);
}

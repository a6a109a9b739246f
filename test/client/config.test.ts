import { describe, expect, it } from "vitest";
import { clientOptionsFrom, FelderaClient, resolveConnection } from "../../provider/client";
import { resolveRetryPolicy } from "../../provider/client/retry-policy";

const SECRET = "apikey:do-not-print-me-0123456789";

/** The thrown error, failing the test if `fn` returns. */
function thrown(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected a throw");
}

const stack = (values: Record<string, string>) => (key: string) => values[key];

describe("resolveConnection", () => {
  it("reads every setting from the environment under fda's names", () => {
    const s = resolveConnection({
      env: {
        FELDERA_HOST: "https://feldera.example.com/",
        FELDERA_API_KEY: SECRET,
        FELDERA_TENANT: "acme",
        FELDERA_HTTPS_TLS_CERT: "/etc/ca.pem",
        FELDERA_TLS_INSECURE: "yes",
        FELDERA_REQUEST_TIMEOUT: "12.5",
        FELDERA_RETRIES: "2",
      },
    });
    expect(s).toEqual({
      host: "https://feldera.example.com",
      apiKey: SECRET,
      tenant: "acme",
      caCertPath: "/etc/ca.pem",
      insecureTls: true,
      requestTimeoutSeconds: 12.5,
      retries: 2,
    });
  });

  it("prefers explicit over stack config over environment, per setting", () => {
    const s = resolveConnection({
      explicit: { host: "http://explicit:1" },
      stackConfig: stack({
        "feldera:host": "http://stack:2",
        "feldera:tenant": "stack-tenant",
        "feldera:retries": "1",
      }),
      env: {
        FELDERA_HOST: "http://env:3",
        FELDERA_TENANT: "env-tenant",
        FELDERA_RETRIES: "4",
        FELDERA_TLS_INSECURE: "0",
      },
    });
    expect(s).toMatchObject({
      host: "http://explicit:1",
      tenant: "stack-tenant",
      retries: 1,
      insecureTls: false,
    });
  });

  it("treats empty strings as unset", () => {
    const s = resolveConnection({
      stackConfig: stack({ "feldera:host": "" }),
      env: { FELDERA_HOST: "http://127.0.0.1:8080", FELDERA_API_KEY: "" },
    });
    expect(s).toEqual({ host: "http://127.0.0.1:8080", insecureTls: false });
  });

  it("takes the credential from the highest source only, so lower sources' other kind does not clash", () => {
    const s = resolveConnection({
      stackConfig: stack({ "feldera:host": "http://h:1", "feldera:apiKey": SECRET }),
      env: { FELDERA_AUTH_TOKEN_COMMAND: "get-token" },
    });
    expect(s.apiKey).toBe(SECRET);
    expect(s.authTokenCommand).toBeUndefined();
  });

  it("refuses a missing host, naming every place it can be set", () => {
    const e = thrown(() => resolveConnection({ env: {} }));
    expect(e).toMatchObject({ code: "FELDERA_ERR_CONFIG", setting: "host" });
    expect(e.message).toContain("pulumi config set feldera:host");
    expect(e.message).toContain("FELDERA_HOST");
    expect(e.message).toContain("`host` option");
  });

  it.each([
    ["FELDERA_REQUEST_TIMEOUT", { FELDERA_REQUEST_TIMEOUT: "soon" }, "a number of seconds > 0"],
    ["FELDERA_REQUEST_TIMEOUT", { FELDERA_REQUEST_TIMEOUT: "0" }, "a number of seconds > 0"],
    ["FELDERA_RETRIES", { FELDERA_RETRIES: "2.5" }, "a whole number ≥ 0"],
    ["FELDERA_TLS_INSECURE", { FELDERA_TLS_INSECURE: "maybe" }, "true or false"],
  ])("names %s, its value and the fix when it is malformed", (source, env, expected) => {
    const e = thrown(() => resolveConnection({ env: { FELDERA_HOST: "http://h:1", ...env } }));
    expect(e).toMatchObject({ code: "FELDERA_ERR_CONFIG", source });
    expect(e.message).toContain(source);
    expect(e.message).toContain(expected);
    expect(e.message).toContain("fix or unset it");
  });

  it("names the stack key when the stack config is malformed", () => {
    const e = thrown(() =>
      resolveConnection({
        stackConfig: stack({ "feldera:host": "http://h:1", "feldera:requestTimeoutSeconds": "ten" }),
      }),
    );
    expect(e).toMatchObject({ source: "feldera:requestTimeoutSeconds", setting: "requestTimeoutSeconds" });
  });

  it.each([
    ["not a URL", "feldera dot example"],
    ["another scheme", "ftp://feldera.example.com"],
    ["credentials in the URL", `https://user:${SECRET}@feldera.example.com`],
    ["a query", "https://feldera.example.com/?x=1"],
  ])("refuses a host with %s without echoing it", (_label, host) => {
    const e = thrown(() => resolveConnection({ env: { FELDERA_HOST: host } }));
    expect(e).toMatchObject({ code: "FELDERA_ERR_CONFIG", setting: "host", source: "FELDERA_HOST" });
    expect(e.message).not.toContain(SECRET);
  });

  it("refuses an API key and a token command in the same source, without echoing either", () => {
    const e = thrown(() =>
      resolveConnection({
        env: {
          FELDERA_HOST: "http://h:1",
          FELDERA_API_KEY: SECRET,
          FELDERA_AUTH_TOKEN_COMMAND: "print-secret-token",
        },
      }),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_CONFIG" });
    expect(e.message).toContain("FELDERA_API_KEY");
    expect(e.message).toContain("FELDERA_AUTH_TOKEN_COMMAND");
    expect(e.message).not.toContain(SECRET);
    expect(e.message).not.toContain("print-secret-token");
  });
});

describe("clientOptionsFrom", () => {
  it("maps settings to client options", () => {
    expect(
      clientOptionsFrom({
        host: "https://h",
        apiKey: SECRET,
        tenant: "t",
        caCertPath: "/ca.pem",
        insecureTls: false,
        requestTimeoutSeconds: 2,
        retries: 0,
      }),
    ).toEqual({
      host: "https://h",
      auth: { kind: "apiKey", apiKey: SECRET },
      tenant: "t",
      tls: { insecure: false, caCertPath: "/ca.pem" },
      requestTimeoutMs: 2000,
      retry: { maxRetries: 0 },
    });
  });

  it("maps a token command and leaves TLS at Node's defaults when nothing is set", () => {
    expect(clientOptionsFrom({ host: "http://h", insecureTls: false, authTokenCommand: "cmd" })).toEqual({
      host: "http://h",
      auth: { kind: "tokenCommand", command: "cmd" },
    });
  });
});

describe("resolveRetryPolicy", () => {
  it("writes the defaults out", () => {
    expect(resolveRetryPolicy()).toMatchObject({
      maxRetries: 5,
      deadlineMs: 60_000,
      baseDelayMs: 1_000,
      maxDelayMs: 20_000,
      retryAfterCapMs: 60_000,
    });
  });

  it.each([
    [{ maxRetries: -1 }, "retry.maxRetries"],
    [{ maxRetries: 1.5 }, "retry.maxRetries"],
    [{ deadlineMs: Number.NaN }, "retry.deadlineMs"],
    [{ baseDelayMs: 2_000, maxDelayMs: 1_000 }, "retry.maxDelayMs"],
  ])("rejects %o naming %s", (overrides, setting) => {
    expect(thrown(() => resolveRetryPolicy(overrides))).toMatchObject({
      code: "FELDERA_ERR_CONFIG",
      setting,
    });
  });
});

describe("FelderaClient options", () => {
  it.each([
    [{ auth: { kind: "apiKey", apiKey: "" } }, "apiKey"],
    [{ auth: { kind: "tokenCommand", command: " " } }, "authTokenCommand"],
    [{ requestTimeoutMs: 0 }, "requestTimeoutMs"],
    [{ connections: -1 }, "connections"],
    [{ retry: { maxRetries: -1 } }, "retry.maxRetries"],
  ] as const)("refuses %o at construction, naming %s", (options, setting) => {
    const e = thrown(() => new FelderaClient({ host: "http://127.0.0.1:1", ...options }));
    expect(e).toMatchObject({ code: "FELDERA_ERR_CONFIG", setting });
  });
});

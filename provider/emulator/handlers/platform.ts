/**
 * Platform endpoints (docs/feldera/platform.md#config): `GET /v0/config` with every key OpenAPI's `Configuration`
 * requires, the cluster health summary, and the two unauthenticated probes.
 */
import { json, type Reply } from "../reply";
import type { RequestContext } from "./context";

export function getConfig(ctx: RequestContext): Reply {
  const { store } = ctx;
  const enterprise = store.edition === "enterprise";
  return json(200, {
    posthog: "",
    conceptualhq: "",
    product_fruits: "",
    edition: enterprise ? "Enterprise" : "Open source",
    version: store.version,
    revision: "feldera-emulator",
    runtime_revision: "feldera-emulator",
    unstable_features: null,
    changelog_url: enterprise
      ? "https://docs.feldera.com/changelog/"
      : `https://github.com/feldera/feldera/releases/tag/v${store.version}`,
    license_validity: null,
    update_info: null,
    build_info: {
      build_timestamp: store.startedAt,
      build_cpu: "emulated",
      build_os: process.platform,
      cargo_dependencies: "",
      cargo_features: enterprise ? "feldera-enterprise" : "",
      cargo_debug: "false",
      cargo_opt_level: "3",
      cargo_target_triple: "x86_64-unknown-linux-gnu",
      rustc_version: "1.89.0",
    },
    build_source: "source",
  });
}

export function getClusterHealth(ctx: RequestContext): Reply {
  const now = ctx.store.now();
  const service = (message: string) => ({
    healthy: true,
    message,
    unchanged_since: ctx.store.startedAt,
    checked_at: now,
  });
  return json(200, {
    all_healthy: true,
    api: service("api server is healthy (emulated)"),
    compiler: service("compiler server is healthy (emulated)"),
    runner: service("runner is healthy (emulated)"),
  });
}

export function getHealthz(): Reply {
  return json(200, { status: "healthy" });
}

/** `{}` without authentication; with API keys, the OIDC provider a real server needs for them (docs/feldera/auth-and-tenants.md#authentication). */
export function getAuthConfig(ctx: RequestContext): Reply {
  if (ctx.store.settings.apiKeys === null) return json(200, {});
  return json(200, {
    GenericOidc: {
      issuer: "https://oidc.feldera-emulator.invalid",
      client_id: "feldera-emulator",
      extra_oidc_scopes: [],
    },
  });
}

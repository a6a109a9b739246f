/**
 * Bearer API keys (docs/feldera/auth-and-tenants.md#authentication), as the server answers them:
 *  - no `Authorization: Bearer …` → 401, empty body, `WWW-Authenticate: Bearer`;
 *  - an unknown API key (`apikey:…`) → 401 whose body is the JSON text
 *    `{"message":"Unauthorized API key","error_code":"AuthenticationFailed"}` (no `details`) sent as
 *    `text/plain`, as actix's `ErrorUnauthorized` does;
 *  - any other unknown token is a JWT to the server, and one it cannot verify → 401 with an empty body and
 *    `WWW-Authenticate: Bearer error_description="…"` (the bearer-token challenge of RFC 6750);
 *  - a `read` key on a route that needs `write` → 403 InsufficientPermissions {required, actual}.
 * Without configured keys the server runs unauthenticated and ignores the header.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Role } from "./handlers/context";
import { empty, type Reply, refuse, text } from "./reply";
import type { ApiKeyRole } from "./types";

const RANK: Record<Role, number> = { read: 1, write: 2 };
const API_KEY_PREFIX = "apikey:";
const JWT_REJECTED = "the bearer token is neither a known API key nor a JWT this server can verify";

export function authorize(
  headers: IncomingHttpHeaders,
  keys: ReadonlyMap<string, ApiKeyRole> | null,
  required: Role | "public",
): Reply | undefined {
  if (keys === null || required === "public") return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  if (!match) return empty(401, { "www-authenticate": "Bearer" });
  const role = keys.get(match[1]!);
  if (role === undefined && !match[1]!.startsWith(API_KEY_PREFIX)) {
    return empty(401, { "www-authenticate": `Bearer error_description="${JWT_REJECTED}"` });
  }
  if (role === undefined) {
    return text(401, JSON.stringify({ message: "Unauthorized API key", error_code: "AuthenticationFailed" }));
  }
  if (RANK[role] < RANK[required]) return refuse("InsufficientPermissions", { required, actual: role });
  return undefined;
}

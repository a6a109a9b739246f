/**
 * Credential redaction for every string this client builds from server, proxy or subprocess output.
 *
 * Why two layers: a proxy error page, an auth server's echo, or a token command's stderr may contain the
 * very key we sent, in any form. We know our own secrets exactly (the configured key, every token a
 * command printed), so those are removed verbatim; anything that merely *looks* like a credential
 * (Feldera API keys are `apikey:` + alphanumerics, docs/feldera/auth-and-tenants.md#authentication; bearer values; JWTs) is removed by
 * pattern, which also protects messages built where the exact secrets are not at hand.
 */

export const REDACTED = "[REDACTED]";

/** Longest excerpt of a foreign body we keep in an error (the rest is noise in `pulumi up` output). */
export const EXCERPT_MAX = 300;

const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  // Feldera API keys (docs/feldera/auth-and-tenants.md#authentication: `apikey:` followed by 128 alphanumerics; be lenient on length and alphabet).
  /apikey:[A-Za-z0-9_\-+/=.]+/gi,
  // `Authorization: Bearer x`, `bearer=x`, `"Bearer x"`: the value after the scheme.
  /(bearer[\s:=]+)[^\s"',;&)]+/gi,
  // JSON Web Tokens: three base64url segments, the first a JSON header (`{"` → `eyJ`).
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
];

/**
 * Secrets shorter than this are not replaced verbatim: replacing every `ab` in a message would destroy it,
 * and no real key or token is that short (the patterns still apply).
 */
const MIN_SECRET_LENGTH = 4;

/** `text` with every known secret and every credential-looking token replaced by {@link REDACTED}. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another one is removed whole.
  const known = [...new Set(secrets)]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.split(secret).join(REDACTED);
  for (const pattern of CREDENTIAL_PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: unknown) =>
      typeof prefix === "string" ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/**
 * A short, single-line, redacted excerpt of a foreign body. Redaction happens before truncation, so a
 * secret cut in half by the limit can never survive as a recognisable prefix.
 */
export function excerpt(text: string, secrets: readonly string[] = [], max = EXCERPT_MAX): string {
  const flat = redact(text, secrets).replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A JSON value with every string inside redacted (server `details` objects can echo request input). */
export function redactJson(value: unknown, secrets: readonly string[] = []): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (text === undefined) return undefined;
  const cleaned = redact(text, secrets.map(jsonEscaped));
  try {
    return JSON.parse(cleaned);
  } catch {
    // A replacement landed inside an escape sequence: fall back to a string, never to the original.
    return cleaned;
  }
}

/** How a secret appears inside a JSON string literal (quotes and backslashes escaped). */
function jsonEscaped(secret: string): string {
  return JSON.stringify(secret).slice(1, -1);
}

/**
 * The secrets one client knows: the configured key and every token its command has printed. One per
 * client instance (never module-scoped), so a refreshed token stays redacted after it is replaced.
 */
export class SecretSet {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret) this.#secrets.add(secret);
  }

  list(): readonly string[] {
    return [...this.#secrets];
  }

  redact(text: string): string {
    return redact(text, this.list());
  }

  excerpt(text: string, max = EXCERPT_MAX): string {
    return excerpt(text, this.list(), max);
  }

  redactJson(value: unknown): unknown {
    return redactJson(value, this.list());
  }
}

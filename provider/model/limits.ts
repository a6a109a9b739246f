/**
 * The server's validation rules for names, descriptions and tags (docs/feldera/update-rules.md#validation), as pure
 * functions. The emulator answers with them; the provider's `check` applies them before any request,
 * so a bad value fails the preview instead of the update. One implementation, two callers.
 */

export const NAME_MAX_BYTES = 63; // Kubernetes label limit
export const NAME_PATTERN = /^([A-Za-z0-9][-A-Za-z0-9_]*)?[A-Za-z0-9]$/;
export const NAME_PATTERN_SOURCE = "^([A-Za-z0-9][-A-Za-z0-9_]*)?[A-Za-z0-9]$";
/** The server's text, verbatim (its message reads "Name '…' should <this> (pattern: '…')"). */
export const NAME_PATTERN_DESCRIPTION =
  "be non-empty and only contain lowercase (a-z), uppercase (A-Z), number (0-9), underscore (_) or hyphen (-) characters, but cannot start or end with hyphen or underscore";

export const DESCRIPTION_MAX_CHARS = 300;
export const TAGS_MAX_COUNT = 50;
export const TAG_MAX_CHARS = 50;
export const TAG_PATTERN = /^[a-zA-Z0-9 ._/|\\:=-]+$/;

export type NameViolation =
  | { code: "EmptyName" }
  | { code: "TooLongName"; length: number; maximum: number }
  | { code: "NameDoesNotMatchPattern"; pattern: string; pattern_description: string };

export function checkPipelineName(name: string): NameViolation | undefined {
  if (name.length === 0) return { code: "EmptyName" };
  const length = Buffer.byteLength(name, "utf8");
  if (length > NAME_MAX_BYTES) return { code: "TooLongName", length, maximum: NAME_MAX_BYTES };
  if (!NAME_PATTERN.test(name)) {
    return {
      code: "NameDoesNotMatchPattern",
      pattern: NAME_PATTERN_SOURCE,
      pattern_description: NAME_PATTERN_DESCRIPTION,
    };
  }
  return undefined;
}

/** Unicode scalar values, as Rust's `chars().count()` counts them (not UTF-16 code units). */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function checkDescription(description: string): { length: number; maximum: number } | undefined {
  const length = charCount(description);
  return length > DESCRIPTION_MAX_CHARS ? { length, maximum: DESCRIPTION_MAX_CHARS } : undefined;
}

export type TagsViolation =
  | { code: "TooManyTags"; count: number; maximum: number }
  | { code: "InvalidTag"; tag: string; reason: string };

/** The first failing rule for the first failing tag, as the server reports it. */
export function checkTags(tags: readonly string[]): TagsViolation | undefined {
  if (tags.length > TAGS_MAX_COUNT) {
    return { code: "TooManyTags", count: tags.length, maximum: TAGS_MAX_COUNT };
  }
  for (const tag of tags) {
    // Reasons are the server's texts, verbatim (db/types/utils.rs `validate_tags`).
    if (tag.length === 0) return { code: "InvalidTag", tag, reason: "it cannot be empty" };
    const length = charCount(tag);
    if (length > TAG_MAX_CHARS) {
      return {
        code: "InvalidTag",
        tag,
        reason: `it is ${length} characters long, but the maximum is ${TAG_MAX_CHARS}`,
      };
    }
    if (!TAG_PATTERN.test(tag)) {
      return {
        code: "InvalidTag",
        tag,
        reason:
          "it may contain only ASCII letters (a-z, A-Z), numbers (0-9), or one of space, '.', '_', '/', '|', '\\', ':', '=' and '-'",
      };
    }
  }
  return undefined;
}

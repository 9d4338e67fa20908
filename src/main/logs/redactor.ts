/**
 * Removes secrets from log entries before they are written, streamed or bundled. Written by hand:
 * pino's own `redact` only blanks fixed key paths, and secrets also turn up inside messages, URLs
 * and error texts, so this also matches known secret values and the shapes tokens take.
 */
export const redacted = '[redacted]';

const secretKeyPattern = /(secret|password|passwd|token|authorization|cookie|verifier|assertion|credential|api[-_]?key|^code$|^auth$)/i;

/** Each shape with how to rewrite a match: keep the label or parameter name, drop the value. */
const secretShapes: { pattern: RegExp; replace: (match: string, ...groups: string[]) => string }[] = [
  // Authorization headers and bearer tokens in free text.
  { pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, replace: (_match, scheme) => `${scheme} ${redacted}` },
  // JWTs (access and id tokens): three base64url parts, the first two starting with '{"'.
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: () => redacted },
  // OAuth parameters in URLs, form bodies and JSON text, also JSON held inside a JSON string.
  {
    pattern:
      /\b(code|client_secret|refresh_token|access_token|id_token|code_verifier|client_assertion|assertion|password)(\\?["']?\s*[=:]\s*\\?["']?)[^&\s"',}\\]+/gi,
    replace: (_match, name, separator) => `${name}${separator}${redacted}`,
  },
];

/**
 * Known secrets are found by their last characters (registered values are never shorter): every
 * access token begins with the same JWT header, but no two end alike.
 */
const keyLength = 8;

export class Redactor {
  private readonly knownSecrets = new Set<string>();
  /**
   * Every known secret, and its JSON-escaped form, under its last 8 characters, longest first.
   * One pass over a line finds them all: with 10,000 connected accounts (a refresh and an access
   * token each) trying every secret on every line made each line cost tens of thousands of
   * searches. Written by hand: this is a small multi-string search with our own replacement rule.
   */
  private readonly byEnding = new Map<string, string[]>();

  /** The vault and the auth flow register every secret they handle, so its value is found anywhere. */
  registerSecret(value: string): void {
    // Very short values would blank ordinary words; real secrets and tokens are far longer.
    if (value.length < keyLength || this.knownSecrets.has(value)) return;
    this.knownSecrets.add(value);
    for (const form of forms(value)) {
      const key = form.slice(-keyLength);
      const candidates = this.byEnding.get(key) ?? [];
      // Kept longest first by inserting in place: no sort per registration.
      const shorter = candidates.findIndex((candidate) => candidate.length < form.length);
      candidates.splice(shorter === -1 ? candidates.length : shorter, 0, form);
      this.byEnding.set(key, candidates);
    }
  }

  forgetSecret(value: string): void {
    if (!this.knownSecrets.delete(value)) return;
    for (const form of forms(value)) {
      const key = form.slice(-keyLength);
      const left = (this.byEnding.get(key) ?? []).filter((candidate) => candidate !== form);
      if (left.length > 0) this.byEnding.set(key, left);
      else this.byEnding.delete(key);
    }
  }

  redactText(text: string): string {
    let result = this.byEnding.size > 0 ? this.withoutKnownSecrets(text) : text;
    for (const { pattern, replace } of secretShapes) result = result.replace(pattern, replace);
    return result;
  }

  /** Each match ends at `end`; a match overlapping one already removed is part of it. */
  private withoutKnownSecrets(text: string): string {
    let out = '';
    let copiedUpTo = 0;
    for (let end = keyLength; end <= text.length; end++) {
      const hit = this.byEnding
        .get(text.slice(end - keyLength, end))
        ?.find((secret) => end - secret.length >= copiedUpTo && text.startsWith(secret, end - secret.length));
      if (!hit) continue;
      out += text.slice(copiedUpTo, end - hit.length) + redacted;
      copiedUpTo = end;
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  /** A deep copy with secret-named keys blanked and every string passed through redactText. */
  redactValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (depth > 8 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, depth + 1));
    if (value instanceof Error) {
      return { type: value.name, message: this.redactText(value.message), stack: value.stack && this.redactText(value.stack) };
    }
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // Flags and counts (`hasToken: true`, `tokenCount: 2`) are kept: a secret is never one.
      const mayHoldSecret = typeof item === 'string' ? item !== '' : typeof item === 'object' && item !== null;
      copy[key] = secretKeyPattern.test(key) && mayHoldSecret ? redacted : this.redactValue(item, depth + 1);
    }
    return copy;
  }
}

/** A secret as it appears in text: itself, and inside a JSON string (quotes and backslashes escaped). */
function forms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return escaped === secret ? [secret] : [secret, escaped];
}

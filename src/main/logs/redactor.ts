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

export class Redactor {
  private readonly knownSecrets = new Set<string>();

  /** The vault and the auth flow register every secret they handle, so its value is found anywhere. */
  registerSecret(value: string): void {
    // Very short values would blank ordinary words; real secrets and tokens are far longer.
    if (value.length >= 8) this.knownSecrets.add(value);
  }

  forgetSecret(value: string): void {
    this.knownSecrets.delete(value);
  }

  redactText(text: string): string {
    let result = text;
    for (const secret of this.knownSecrets) {
      if (result.includes(secret)) result = result.split(secret).join(redacted);
      // The same value as it appears inside a JSON string (quotes and backslashes escaped).
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret && result.includes(escaped)) result = result.split(escaped).join(redacted);
    }
    for (const { pattern, replace } of secretShapes) result = result.replace(pattern, replace);
    return result;
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

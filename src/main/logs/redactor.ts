import { createHash } from 'node:crypto';

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

/**
 * An access token is still accepted a while past its expiry (Entra allows 5 minutes of clock
 * skew), so it is kept known that much longer.
 */
export const expiryGraceMs = 5 * 60_000;
/** Expired secrets are swept out at most this often, as new ones are registered. */
const sweepEveryMs = 60_000;

/** How long a registered secret is live, and whose it is: an owner's secrets are forgotten together. */
export type SecretLifetime = {
  /** When the secret stops being accepted (an access token's expiry); without one it is kept until forgotten. */
  expiresAt?: Date;
  /** Who holds it (a vault entry's name): `forgetOwner` forgets the owner's secrets that have no expiry still to come. */
  owner?: string;
};

/** What is kept of one form of a secret: how long it is, a digest of it and its last characters, never the whole text. */
type Fingerprint = { length: number; digest: string; ending: string };
type Known = { forms: Fingerprint[]; expiresAt: number; owner: string | undefined };

export class Redactor {
  /**
   * Every known secret by its digest. Only digests are kept: a copy of every token (a new access
   * token per account every hour) would be one more place to leak them from, and would add up.
   */
  private readonly known = new Map<string, Known>();
  /**
   * Every known secret's forms (itself, JSON-escaped) under their last 8 characters, longest
   * first. One pass over a line finds them all: with 10,000 connected accounts (a refresh and an
   * access token each) trying every secret on every line made each line cost tens of thousands of
   * searches. Written by hand: this is a small multi-string search with our own replacement rule.
   */
  private readonly byEnding = new Map<string, Fingerprint[]>();
  /** The digests of each owner's secrets. */
  private readonly owned = new Map<string, Set<string>>();
  /**
   * Every character (UTF-16 code unit) that any known secret's last characters contain. A window
   * of text holding any other character cannot be a secret's ending, so the scan skips past it:
   * log lines are mostly words and spaces, and no token has a space. Only grows (a forgotten
   * secret's characters stay), which can only mean looking up a window that finds nothing.
   */
  private readonly endingChars = new Uint8Array(65536);
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** How many secrets are known: tests prove replaced and removed ones are forgotten. */
  get size(): number {
    return this.known.size;
  }

  /** The vault and the auth flow register every secret they handle, so its value is found anywhere. */
  registerSecret(value: string, lifetime: SecretLifetime = {}): void {
    // Very short values would blank ordinary words; real secrets and tokens are far longer.
    if (value.length < keyLength) return;
    this.sweepExpired();
    const expiresAt = lifetime.expiresAt ? lifetime.expiresAt.getTime() + expiryGraceMs : Infinity;
    const id = digestOf(value);
    const known = this.known.get(id);
    if (known) {
      // Known already: it lives as long as the longest-lived registration says; one registered with no owner, or two, stays.
      // A registration that does not know the expiry leaves a known one as it is: the email check
      // registers each access token it uses, and made every one of them immortal (issue 17's heap).
      if (lifetime.expiresAt) known.expiresAt = Math.max(known.expiresAt, expiresAt);
      if (known.owner !== undefined && known.owner !== lifetime.owner) this.disown(id, known);
      return;
    }
    const forms = formsOf(value).map((form) => ({ length: form.length, digest: digestOf(form), ending: form.slice(-keyLength) }));
    for (const fingerprint of forms) {
      for (let i = 0; i < fingerprint.ending.length; i++) this.endingChars[fingerprint.ending.charCodeAt(i)] = 1;
      const candidates = this.byEnding.get(fingerprint.ending) ?? [];
      // Kept longest first by inserting in place: no sort per registration.
      const shorter = candidates.findIndex((candidate) => candidate.length < fingerprint.length);
      candidates.splice(shorter === -1 ? candidates.length : shorter, 0, fingerprint);
      this.byEnding.set(fingerprint.ending, candidates);
    }
    this.known.set(id, { forms, expiresAt, owner: lifetime.owner });
    if (lifetime.owner !== undefined) {
      const ids = this.owned.get(lifetime.owner) ?? new Set<string>();
      ids.add(id);
      this.owned.set(lifetime.owner, ids);
    }
  }

  forgetSecret(value: string): void {
    this.removeKnown([digestOf(value)]);
  }

  /**
   * The owner's secrets are no longer held (a disconnected account's token cache, or one rewritten
   * with new tokens): they are forgotten, except those with an expiry still to come (an access
   * token handed out is accepted until then).
   */
  forgetOwner(owner: string): void {
    const now = this.now();
    const ids = [...(this.owned.get(owner) ?? [])];
    this.removeKnown(
      ids.filter((id) => {
        const { expiresAt } = this.known.get(id)!;
        return expiresAt === Infinity || expiresAt <= now;
      }),
    );
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
    // The window ending at `end` is text[end - keyLength, end): looked up only when it holds no
    // character outside every known ending (`endingChars`).
    let lastOutsider = -1;
    for (let end = 1; end <= text.length; end++) {
      if (this.endingChars[text.charCodeAt(end - 1)] === 0) lastOutsider = end - 1;
      if (end < keyLength || lastOutsider >= end - keyLength) continue;
      const hit = this.byEnding
        .get(text.slice(end - keyLength, end))
        ?.find((secret) => end - secret.length >= copiedUpTo && digestOf(text.slice(end - secret.length, end)) === secret.digest);
      if (!hit) continue;
      out += text.slice(copiedUpTo, end - hit.length) + redacted;
      copiedUpTo = end;
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  /** Secrets past their expiry (and its grace) are no longer accepted anywhere: forgotten in one sweep. */
  private sweepExpired(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + sweepEveryMs;
    this.removeKnown([...this.known].filter(([, known]) => known.expiresAt <= now).map(([id]) => id));
  }

  private removeKnown(ids: string[]): void {
    for (const id of ids) {
      const known = this.known.get(id);
      if (!known) continue;
      this.known.delete(id);
      this.disown(id, known);
      for (const form of known.forms) {
        const left = (this.byEnding.get(form.ending) ?? []).filter((candidate) => candidate !== form);
        if (left.length > 0) this.byEnding.set(form.ending, left);
        else this.byEnding.delete(form.ending);
      }
    }
  }

  private disown(id: string, known: Known): void {
    if (known.owner === undefined) return;
    const ids = this.owned.get(known.owner);
    ids?.delete(id);
    if (ids?.size === 0) this.owned.delete(known.owner);
    known.owner = undefined;
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
function formsOf(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return escaped === secret ? [secret] : [secret, escaped];
}

/** SHA-256, base64: what the redactor keeps of a secret, compared only when a line has the secret's last characters. */
function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

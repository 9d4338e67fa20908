/**
 * One policy for the desktop window and the headless server. Styles allow 'unsafe-inline' because
 * Fluent UI's Griffel injects <style> rules at run time; scripts stay 'self' only.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

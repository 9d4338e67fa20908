import { useEmailStyles } from './emailStyles';

/**
 * Shows sanitised email HTML in a sandboxed iframe: no scripts, no same origin (so no access to the
 * console), no forms, popups or navigation; its own CSP allows only inline styles and data: images.
 * The HTML was sanitised by the core already: this is the second wall, not the first.
 */
const framePolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";

export function SafeHtmlFrame({ html, title }: { html: string; title: string }) {
  const styles = useEmailStyles();
  const document = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${framePolicy}"><base target="_blank"><style>body{font-family:system-ui,sans-serif;font-size:14px;margin:12px;color:#242424;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${html}</body></html>`;
  return (
    <iframe className={styles.frame} title={title} sandbox="" referrerPolicy="no-referrer" srcDoc={document} data-testid="email-html" />
  );
}

/**
 * The frame every HTML page of sessionprobe shares (report.html, the merged index of several targets):
 * a CSP that lets no script run and no request leave, no referrer, a phone-ready viewport, light and
 * dark, and the one stylesheet.
 */
import { html, type SafeHtml } from './escape.js';
import { STYLE } from './html-style.js';

export interface HtmlPage {
  title: string;
  /** Extra rules generated for this page (the check filters), after the stylesheet. */
  style?: SafeHtml;
  body: SafeHtml;
}

export function htmlPage(page: HtmlPage): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${page.title}</title>
${STYLE}
${page.style}
</head>
<body>
${page.body}
</body>
</html>
`.toString();
}

/**
 * Standard references as links. Check meta cites references in the CHECKS.md notation; this module turns
 * each into a URL to the exact section. The URL table is filled in by the report work (issue 13); until
 * then no reference has a URL and reporters show the plain text.
 */
export interface ReferenceLink {
  label: string;
  url?: string;
}

export function referenceLink(ref: string): ReferenceLink {
  return { label: ref };
}

/**
 * The HTML report's stylesheet: light and dark (prefers-color-scheme), phone to desktop without
 * horizontal page scroll (wide tables and timelines scroll in their own box), a print layout that leaves
 * the device sequence and raw exchanges out, and the CSS-only check filters.
 */
import { html, type SafeHtml } from './escape.js';

/**
 * One rule per filter value: when its radio button (`#<group>-<value>`) is checked, what does not carry
 * the class `<group>-<value>` hides. Values are the tool's own (verdicts, severities, suite names);
 * anything but lower-case words and dashes gets no rule rather than CSS.
 */
export function filterRules(groups: Record<string, readonly string[]>): SafeHtml {
  const rules = Object.entries(groups).flatMap(([group, values]) =>
    values.filter((v) => /^[a-z][a-z0-9-]*$/.test(v)).map((v) => `body:has(#${group}-${v}:checked) .filterable:not(.${group}-${v}) { display: none; }`),
  );
  return html`<style>
${rules.join('\n')}
</style>`;
}

// A literal template part, hence trusted: CSS must not pass through escaping, which would mangle it.
export const STYLE = html`<style>
:root {
  color-scheme: light dark;
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --paper: #ffffff; --wash: #f6f8fa; --link: #0550ae;
  --fail: #c62828; --error: #7b1fa2; --inconclusive: #9a5700; --pass: #2e7d32; --skipped: #59636e; --waived: #0b6e99;
  --fail-ink: #b3261e; --pass-ink: #1a7f37; --warn-ink: #8a4b00;
  --sev-critical: #82071e; --sev-high: #b3261e; --sev-medium: #8a4b00; --sev-low: #0550ae; --sev-info: #59636e;
  --banner-failed: #fdecea; --banner-unverified: #fff4e0; --banner-passed: #e9f6ec;
  --mark: #f2cc60; --span-in: #a5d6a7; --span-out: #ef9a9a; --span-gap: #ffe082; --span-unknown: #e0e0e0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #e6edf3; --muted: #9ba7b4; --line: #3d444d; --paper: #0d1117; --wash: #161b22; --link: #6cb6ff;
    --fail-ink: #ff8a80; --pass-ink: #6fdd8b; --warn-ink: #f0b45b;
    --sev-critical: #ff9aa8; --sev-high: #ff8a80; --sev-medium: #f0b45b; --sev-low: #6cb6ff; --sev-info: #9ba7b4;
    --banner-failed: #3b1715; --banner-unverified: #3a2a10; --banner-passed: #12301c;
    --span-in: #2e7d32; --span-out: #b3261e; --span-gap: #9a7b00; --span-unknown: #59636e;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--paper); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; overflow-wrap: anywhere; }
main, .banner, footer { max-width: 1120px; margin: 0 auto; padding: 0 16px; }
@media (min-width: 700px) { main, .banner, footer { padding: 0 24px; } }
h1 { font-size: 1.5rem; margin: 0.2rem 0 0.6rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.8rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 0.3rem 0; }
h4 { font-size: 0.95rem; margin: 1rem 0 0.3rem; }
h5 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin: 0.9rem 0 0.3rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85em; }
code { background: var(--wash); padding: 0.05em 0.3em; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--wash); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 0.3rem 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 32rem; overflow: auto; }
a { color: var(--link); }
.muted { color: var(--muted); }
.skip { position: absolute; left: 8px; top: -40px; background: var(--paper); color: var(--link); padding: 6px 10px; border: 2px solid var(--link); border-radius: 6px; z-index: 2; }
.skip:focus { top: 8px; }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
/* the merged index of several targets: each target's gate */
.merged .passed { color: var(--pass-ink); font-weight: 600; } .merged .failed { color: var(--fail-ink); font-weight: 600; }
/* the verdict banner */
.banner { padding-top: 18px; padding-bottom: 6px; }
.banner .eyebrow { margin: 0; color: var(--muted); font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.05em; }
.banner h1 { border-radius: 8px; padding: 10px 14px; border-left: 8px solid var(--pass); background: var(--banner-passed); }
.rv-failed h1 { border-left-color: var(--fail); background: var(--banner-failed); }
.rv-unverified h1 { border-left-color: var(--inconclusive); background: var(--banner-unverified); }
.rv { display: block; font-size: 1.7rem; font-weight: 800; letter-spacing: 0.02em; }
.rv-failed .rv { color: var(--fail-ink); } .rv-unverified .rv { color: var(--warn-ink); } .rv-passed .rv { color: var(--pass-ink); }
.target { font-size: 1rem; font-weight: 500; overflow-wrap: anywhere; }
.opt { white-space: nowrap; }
@media (max-width: 480px) { .rv { font-size: 1.35rem; } }
.counts { list-style: none; padding: 0; margin: 0 0 0.5rem; display: flex; flex-wrap: wrap; gap: 6px 16px; }
.counts strong { font-size: 1.15rem; }
.count-fail { color: var(--fail-ink); } .count-unverified { color: var(--warn-ink); }
.first { margin: 0 0 0.6rem; font-size: 1.05rem; }
.facts { display: grid; grid-template-columns: 1fr; gap: 4px 24px; margin: 0 0 0.6rem; font-size: 0.9rem; }
@media (min-width: 900px) { .facts { grid-template-columns: 1fr 1fr; } }
.facts dt { display: inline; font-weight: 600; } .facts dt::after { content: ": "; }
.facts dd { display: inline; margin: 0; }
.unsafe { background: #fde8e8; border: 2px solid #b42318; color: #7a1a12; padding: 0.6em 0.9em; font-weight: 600; border-radius: 6px; }
.spec-note { margin: 0 0 0.5rem; font-size: 0.9rem; }
.notices { list-style: none; padding: 0; margin: 0 0 0.6rem; }
.notice { border-left: 5px solid var(--inconclusive); background: var(--wash); padding: 6px 12px; margin: 4px 0; }
.notice.n-critical { border-left-color: var(--fail); font-weight: 600; }
.notice.n-info { border-left-color: var(--skipped); }
/* badges and tags */
.badge { display: inline-block; border-radius: 999px; padding: 0.1em 0.7em; font-size: 0.8rem; font-weight: 700; color: #fff; white-space: nowrap; }
.v-fail.badge { background: var(--fail); } .v-error.badge { background: var(--error); } .v-inconclusive.badge { background: var(--inconclusive); }
.v-pass.badge { background: var(--pass); } .v-skipped.badge { background: var(--skipped); } .v-waived.badge { background: var(--waived); }
.sev { display: inline-block; border: 1px solid currentColor; border-radius: 4px; padding: 0 0.45em; font-size: 0.75rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; white-space: nowrap; }
.sev-critical { color: var(--sev-critical); } .sev-high { color: var(--sev-high); } .sev-medium { color: var(--sev-medium); } .sev-low { color: var(--sev-low); } .sev-info { color: var(--sev-info); }
.check-id { font-weight: 600; overflow-wrap: normal; word-break: normal; }
.check-id span { white-space: nowrap; }
.count { color: var(--muted); font-weight: 500; font-size: 0.9em; }
/* the checks table and its filters */
.filters { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 0.6rem; }
.chips { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.chips legend { float: left; font-size: 0.8rem; font-weight: 600; color: var(--muted); margin-right: 4px; padding: 0; }
.chips input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.chips label { border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; font-size: 0.85rem; cursor: pointer; background: var(--paper); min-height: 28px; display: inline-flex; align-items: center; gap: 4px; }
.chips input:checked + label { background: var(--ink); color: var(--paper); border-color: var(--ink); }
.chips input:focus-visible + label { outline: 3px solid var(--link); outline-offset: 2px; }
.chips .n { font-weight: 700; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; }
.grid th, .grid td, .kv th, .kv td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
.grid thead th { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
.checks-table td:first-child, .checks-table td:nth-child(2) { white-space: nowrap; width: 1%; }
.checks-table .check-id { font-weight: 400; font-size: 0.8em; color: var(--muted); background: none; padding: 0; }
.kv th { font-weight: 500; width: 40%; }
.kv-list { display: grid; grid-template-columns: 1fr; gap: 4px 16px; }
@media (min-width: 700px) { .kv-list { grid-template-columns: 12rem 1fr; } }
.kv-list dt { font-weight: 600; } .kv-list dd { margin: 0 0 6px; min-width: 0; }
.answer { font-weight: 600; }
.a-yes { color: var(--pass-ink); } .a-no { color: var(--fail-ink); } .a-unknown { color: var(--warn-ink); }
/* one check */
.check { border: 1px solid var(--line); border-left: 6px solid var(--skipped); border-radius: 6px; padding: 10px 14px 12px; margin: 0 0 14px; }
.check.v-fail { border-left-color: var(--fail); } .check.v-error { border-left-color: var(--error); } .check.v-inconclusive { border-left-color: var(--inconclusive); }
.check.v-pass { border-left-color: var(--pass); } .check.v-waived { border-left-color: var(--waived); }
.check:target { outline: 3px solid var(--mark); outline-offset: 2px; }
.check > details > summary { list-style-position: outside; margin-left: 1rem; }
.tags { display: flex; flex-wrap: wrap; gap: 6px 8px; align-items: center; }
.eo { display: grid; grid-template-columns: 1fr; gap: 2px 12px; margin: 0.6rem 0; }
@media (min-width: 700px) { .eo { grid-template-columns: 7rem 1fr; } }
.eo dt { font-weight: 600; color: var(--muted); }
.eo dd { margin: 0 0 4px; white-space: pre-wrap; min-width: 0; }
.findings { margin: 0; padding-left: 1.2rem; }
.findings li { margin-bottom: 0.4rem; }
.finding, .ev-list { margin: 0.2rem 0; }
.ev-list { font-size: 0.9rem; }
pre.sample { margin: 0.2rem 0; }
.deciding { margin: 0.4rem 0 0.8rem; }
.deciding:target > pre { outline: 3px solid var(--mark); }
.fix { border-left: 4px solid var(--link); padding: 2px 0 2px 12px; margin-top: 0.8rem; }
.fix p { margin: 0.2rem 0; }
.stacks { display: grid; grid-template-columns: 1fr; gap: 2px 12px; margin: 0.4rem 0; font-size: 0.9rem; }
@media (min-width: 700px) { .stacks { grid-template-columns: 13rem 1fr; } }
.stacks dt { font-weight: 600; } .stacks dd { margin: 0 0 4px; min-width: 0; }
.how, .refs, .back { font-size: 0.9rem; margin: 0.6rem 0 0; }
.ref { display: inline-block; border: 1px solid var(--line); border-radius: 4px; padding: 0 0.4em; margin: 0 2px 4px 0; font-size: 0.85rem; }
.measured th { width: 50%; }
.waiver-note { margin: 0.4rem 0; padding: 6px 10px; border-radius: 6px; background: var(--wash); border-left: 4px solid var(--waived); }
.waiver.w-expired, .waiver.w-partial { color: var(--fail-ink); } .waiver.w-unused { color: var(--muted); }
details > summary { cursor: pointer; }
summary { min-height: 24px; }
/* exchanges */
.exchange { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; background: var(--paper); }
.exchange > summary { padding: 6px 10px; }
.exchange[open] > summary { border-bottom: 1px solid var(--line); background: var(--wash); }
.exchange:target { outline: 3px solid var(--mark); }
.ex-body { padding: 4px 12px 12px; }
.ex-id { font-weight: 700; color: var(--muted); }
.reqline { background: none; padding: 0; }
.ex-meta { display: block; color: var(--muted); font-size: 0.85rem; }
.status { font-weight: 700; font-size: 0.85rem; }
.s2xx { color: var(--pass-ink); } .s3xx { color: var(--link); } .s4xx, .s5xx, .none { color: var(--fail-ink); }
.ex-error, .warn { color: var(--fail-ink); font-weight: 600; }
.cited { margin: 6px 12px 0; font-size: 0.9rem; }
pre.body { max-height: 20rem; }
/* timeline figures of the timeout checks (reports/timeline.ts): drawn at full size, scrolled on narrow screens */
.timeline { margin: 0.8rem 0 0; }
.timeline .plot { overflow-x: auto; }
.timeline svg { display: block; max-width: none; font: 11px system-ui, sans-serif; }
.bracket { font-weight: 600; margin: 0 0 0.3rem; }
.row-label { fill: var(--ink); }
.lane { stroke: var(--line); stroke-width: 1; }
.span-in { fill: var(--span-in); } .span-out { fill: var(--span-out); } .span-gap { fill: var(--span-gap); } .span-unknown { fill: var(--span-unknown); }
.mark { stroke: var(--paper); stroke-width: 0.5; }
.m-in { fill: var(--pass); } .m-out { fill: var(--fail); } .m-unknown { fill: var(--skipped); } .m-login { fill: var(--link); }
.deadline { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 3 2; }
.axis line { stroke: var(--muted); } .axis text { fill: var(--muted); }
.key { display: inline-block; width: 0.9em; height: 0.7em; vertical-align: baseline; margin: 0 0.2em 0 0.6em; border-radius: 2px; }
.k-in { background: var(--span-in); } .k-out { background: var(--span-out); } .k-gap { background: var(--span-gap); } .k-login { background: var(--link); }
.marks { margin-top: 0.4rem; }
/* the context at the end */
.context > details { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
.context > details > summary { font-weight: 600; }
.print-note { display: none; }
footer { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); margin-top: 2.5rem; padding-top: 12px; padding-bottom: 32px; }
@page { size: A4; margin: 12mm; }
@media print {
  :root { --ink: #000; --paper: #fff; --wash: #f6f8fa; --line: #ccc; }
  body { font-size: 9pt; line-height: 1.4; }
  h2 { margin: 1.2rem 0 0.5rem; }
  main, .banner, footer { max-width: none; padding: 0; }
  pre, .stacks, .ev-list { font-size: 7.5pt; }
  .stacks { grid-template-columns: 10rem 1fr; }
  .check { padding: 6px 10px; margin-bottom: 8px; }
  a { color: inherit; text-decoration: none; }
  .badge, .banner h1 { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .skip, .filters, .back, .sequence, .appendix, .marks, .deciding .exchange { display: none; }
  .print-note { display: block; }
  .check > header { break-after: avoid; }
  .check { break-inside: auto; }
  pre { max-height: none; overflow: visible; }
  .scroll, .timeline .plot { overflow: visible; }
  .timeline svg { max-width: 100%; height: auto; }
}
</style>`;

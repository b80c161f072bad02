/**
 * The timeline of a time-dependent check as inline SVG (no script, nothing fetched): one row per
 * session, one mark per request coloured by the oracle's answer, the stretch between two requests
 * coloured by what is known of it (logged in throughout, logged out, or expired somewhere inside),
 * and a dashed line where the spec says the session must be logged out by.
 */
import type { Bracket, Timeline, TimelineMark, TimelineRow } from '../src/model/timeline.js';
import { formatDuration } from '../src/config/durations.js';
import { html, type SafeHtml } from './escape.js';

const WIDTH = 760;
const LABEL_WIDTH = 190;
const ROW_HEIGHT = 28;
const AXIS_HEIGHT = 26;
const PLOT = WIDTH - LABEL_WIDTH - 16;

export function timelineFigure(timeline: Timeline): SafeHtml {
  const end = Math.max(1, ...timeline.rows.flatMap((r) => [...r.marks.map((m) => m.endMs), r.deadlineMs ?? 0])) * 1.04;
  const x = (ms: number) => LABEL_WIDTH + (Math.max(0, ms) / end) * PLOT;
  const height = timeline.rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  return html`<figure class="timeline">
${timeline.bracket && html`<p class="bracket">${bracketText(timeline.bracket)}</p>`}
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="Timeline of the sessions this check drove">
${timeline.rows.map((row, i) => rowSvg(row, i * ROW_HEIGHT, x))}
${axis(end, timeline.rows.length * ROW_HEIGHT, x)}
</svg>
<figcaption class="muted"><span class="key k-in"></span> logged in <span class="key k-out"></span> logged out <span class="key k-gap"></span> expired somewhere in between <span class="key k-login"></span> login · marks are requests · dashed line: the spec’s deadline · hover for details</figcaption>
</figure>`;
}

/** "Measured idle timeout: expired between 2.95s and 4.02s after the last request (spec: 3s)". */
export function bracketText(b: Bracket): string {
  const f = (ms: number) => formatDuration(Math.max(0, Math.round(ms)));
  const spec = b.specMs === null ? 'no spec value' : `spec: ${f(b.specMs)}`;
  const value =
    b.aliveMs !== null && b.deadMs !== null
      ? `expired between ${f(b.aliveMs)} and ${f(b.deadMs)} ${b.from}`
      : b.deadMs !== null
        ? `expired within ${f(b.deadMs)} ${b.from}`
        : b.aliveMs !== null
          ? `still logged in ${f(b.aliveMs)} ${b.from}, never seen logged out`
          : 'not measured';
  return `Measured ${b.quantity}: ${value} (${spec})`;
}

function rowSvg(row: TimelineRow, top: number, x: (ms: number) => number): SafeHtml {
  const mid = top + ROW_HEIGHT / 2;
  const marks = [...row.marks].sort((a, b) => a.startMs - b.startMs);
  const spans = marks.slice(1).map((next, i) => ({ from: marks[i]!, to: next }));
  return html`<g class="row">
<text x="4" y="${mid + 4}" class="row-label">${row.label}${row.note ? ' (stopped)' : ''}<title>${row.label}${row.note ? `: ${row.note}` : ''}</title></text>
<line x1="${LABEL_WIDTH}" x2="${WIDTH - 16}" y1="${mid}" y2="${mid}" class="lane"/>
${spans.map(({ from, to }) => html`<rect x="${x(from.endMs)}" y="${mid - 4}" width="${Math.max(0, x(to.startMs) - x(from.endMs))}" height="8" class="${spanClass(from, to)}"/>`)}
${row.deadlineMs !== undefined && html`<line x1="${x(row.deadlineMs)}" x2="${x(row.deadlineMs)}" y1="${top + 3}" y2="${top + ROW_HEIGHT - 3}" class="deadline"><title>spec deadline at ${formatDuration(Math.round(row.deadlineMs))}</title></line>`}
${marks.map((m) => html`<rect x="${x(m.startMs) - 1.5}" y="${mid - 9}" width="${Math.max(3, x(m.endMs) - x(m.startMs))}" height="18" rx="1.5" class="mark ${markClass(m)}"><title>${m.label} · at ${formatDuration(Math.round(m.startMs))}${m.exchange ? ` · exchange #${m.exchange}` : ''}</title></rect>`)}
</g>`;
}

function spanClass(from: TimelineMark, to: TimelineMark): string {
  if (from.answer === 'no') return 'span-out';
  if (to.answer === 'yes' && (from.answer === 'yes' || from.kind === 'login')) return 'span-in';
  if (to.answer === 'no' && from.answer === 'yes') return 'span-gap';
  return 'span-unknown';
}

function markClass(m: TimelineMark): string {
  if (m.kind === 'login') return 'm-login';
  return m.answer === 'yes' ? 'm-in' : m.answer === 'no' ? 'm-out' : 'm-unknown';
}

function axis(end: number, top: number, x: (ms: number) => number): SafeHtml {
  const step = niceStep(end / 6);
  const ticks: number[] = [];
  for (let t = 0; t <= end; t += step) ticks.push(t);
  return html`<g class="axis">
<line x1="${LABEL_WIDTH}" x2="${WIDTH - 16}" y1="${top + 2}" y2="${top + 2}"/>
${ticks.map((t) => html`<line x1="${x(t)}" x2="${x(t)}" y1="${top + 2}" y2="${top + 6}"/><text x="${x(t)}" y="${top + 18}" text-anchor="middle">${formatDuration(t)}</text>`)}
</g>`;
}

/** 1, 2 or 5 times a power of ten (in ms), at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((k) => k * power).find((s) => s >= raw) ?? 10 * power;
}

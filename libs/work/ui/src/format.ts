/** Times (relative and absolute) and numbers as the pages show them. */
import { button, h } from './dom';

/** "12 s", "3 min", "2 h", "4 d". */
export function duration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** "3 min ago" or "in 12 s" relative to now. */
export function relative(epochSeconds: number, now = Date.now() / 1000): string {
  const delta = epochSeconds - now;
  if (Math.abs(delta) < 1) return 'now';
  return delta < 0 ? `${duration(delta)} ago` : `in ${duration(delta)}`;
}

/** "2025-11-28 02:07:03" in the browser's time zone. */
export function absolute(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A <time> showing the relative form with the absolute one beside it; "never" for 0. */
export function time(epochSeconds: number): HTMLElement {
  if (!epochSeconds) return h('span', { class: 'muted' }, 'never');
  const iso = new Date(epochSeconds * 1000).toISOString();
  return h(
    'time',
    { datetime: iso, title: iso },
    h('span', { class: 'rel' }, relative(epochSeconds)),
    h('span', { class: 'abs' }, absolute(epochSeconds)),
  );
}

/** 12345 -> "12,345". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Args as compact JSON (the way they are stored). */
export function argsText(args: unknown): string {
  if (args === null || args === undefined) return '';
  return JSON.stringify(args);
}

/**
 * Arguments in a table cell: one line cut with an ellipsis (CSS), and an Expand button that
 * shows them as indented JSON. `raw` text (an unreadable member) is shown as stored.
 */
export function argsCell(value: unknown, raw = false): HTMLElement {
  const compact = raw ? String(value) : argsText(value);
  if (!compact) return h('span', { class: 'muted' }, '—');
  const code = h('code', { class: 'args', title: compact }, compact);
  let expanded = false;
  const toggle = button(
    'Expand',
    () => {
      expanded = !expanded;
      code.textContent = expanded && !raw ? JSON.stringify(value, null, 2) : compact;
      code.classList.toggle('expanded', expanded);
      toggle.textContent = expanded ? 'Collapse' : 'Expand';
      toggle.setAttribute('aria-expanded', String(expanded));
    },
    { class: 'link small expand', 'aria-expanded': 'false', 'aria-label': 'Expand arguments' },
  );
  return h('div', { class: 'args-cell' }, code, toggle);
}

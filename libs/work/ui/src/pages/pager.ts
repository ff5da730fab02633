/** gocraft's pager: first, last, current ±1, with ".." for gaps. */
import { h } from '../dom';

export function pager(
  page: number,
  pages: number,
  link: (p: number) => string,
): HTMLElement | null {
  if (pages <= 1) return null;
  const wanted = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const items: HTMLElement[] = [];
  let prev = 0;
  for (const p of wanted) {
    if (p - prev > 1) items.push(h('li', { 'aria-hidden': 'true' }, '..'));
    items.push(
      h(
        'li',
        {},
        p === page
          ? h('span', { 'aria-current': 'page', class: 'current' }, String(p))
          : h('a', { href: link(p), 'aria-label': `Page ${p}` }, String(p)),
      ),
    );
    prev = p;
  }
  return h('nav', { class: 'pager', 'aria-label': 'Pages' }, h('ul', {}, ...items));
}

/// <reference lib="dom" />
/**
 * The only way the UI builds DOM: text always goes in as text nodes (never innerHTML), so job
 * args and error messages such as `<img src=x onerror=alert(1)>` show as typed.
 */

/** What may be passed as a child: nodes, text (numbers too), or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes, plus `on` for event listeners. Values are set with setAttribute. */
export type Listeners = Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
export type Attrs = {
  [name: string]: string | number | boolean | undefined | Listeners;
  on?: Listeners;
};

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'on' || value === undefined || value === false || typeof value === 'object')
      continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [event, listener] of Object.entries(attrs.on ?? {})) {
    element.addEventListener(event, listener as EventListener);
  }
  append(element, children);
  return element;
}

/** Appends children, turning text into text nodes. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child))
        : child,
    );
  }
}

/** Replaces every child of `parent`, keeping keyboard focus on the element with the same data-key. */
export function replace(parent: Element, ...children: Child[]): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && parent.contains(active) ? active.dataset.key : undefined;
  parent.replaceChildren();
  append(parent, children);
  if (key) parent.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}

/** A button; `key` lets focus survive a refresh. */
export function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...attrs, on: { click: () => onClick() } }, label);
}

/** A message that explains an empty list or an error. */
export function notice(kind: 'empty' | 'error' | 'info', ...children: Child[]): HTMLElement {
  return h(
    'div',
    { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    ...children,
  );
}

/** A table whose header cells are `columns`; wrapped so it scrolls sideways on a phone. */
export function table(
  caption: string,
  columns: string[],
  rows: HTMLTableRowElement[],
): HTMLElement {
  // Each cell carries its column's name, so a phone can show rows as labelled cards (styles.css).
  for (const tr of rows) {
    Array.from(tr.cells).forEach((cell, i) => {
      if (columns[i]) cell.dataset.label = columns[i];
    });
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** A table row of cells. */
export function row(...cells: Child[]): HTMLTableRowElement {
  return h('tr', {}, ...cells.map((cell) => h('td', {}, cell)));
}

/** Hash routes (`#/dead?page=2&name=x`), so every view survives a reload and can be linked. */

/** A parsed route: the page and its parameters. */
export interface Route {
  page: string;
  /** Path segment after the page, e.g. the id in `#/jobs/<id>`. */
  arg: string;
  params: URLSearchParams;
}

/** Parses `location.hash`; the default page is the overview. */
export function currentRoute(hash = location.hash): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const [page, ...rest] = path.split('/');
  let arg = rest.join('/');
  try {
    arg = decodeURIComponent(arg);
  } catch {
    // A hand-typed malformed escape: keep the text as it is.
  }
  return { page: page || 'overview', arg, params: new URLSearchParams(query) };
}

/** The hash of a page with parameters (empty ones dropped). */
export function href(
  page: string,
  params: Record<string, string | number | undefined> = {},
  arg?: string,
): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '') query.set(k, String(v));
  const q = query.toString();
  return `#/${page}${arg !== undefined ? `/${encodeURIComponent(arg)}` : ''}${q ? `?${q}` : ''}`;
}

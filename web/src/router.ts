import { readonly, ref } from 'vue';

export const PAGES = ['overview', 'anomalies', 'metrics', 'recommendations', 'reports', 'notifications', 'rules', 'accounts'] as const;
export type PageName = (typeof PAGES)[number];

export interface Route {
  page: PageName | 'not-found';
  /** The path segment after the page (`#/anomalies/<id>`, `#/reports/<week>`), decoded. */
  id?: string;
  query: Record<string, string>;
}

/**
 * `#/anomalies/anm-1?status=open` → `{ page: 'anomalies', id: 'anm-1', query: { status: 'open' } }`.
 * Hash routes need nothing from the server (the gateway serves one page) and survive a reload.
 */
export function parseHash(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const segments = path.split('/').filter(Boolean);
  const query = Object.fromEntries(new URLSearchParams(search));
  if (segments.length === 0) return { page: 'overview', query };
  const page = PAGES.find((p) => p === segments[0]);
  if (!page || segments.length > 2) return { page: 'not-found', query };
  let id: string | undefined;
  try {
    id = segments[1] === undefined ? undefined : decodeURIComponent(segments[1]);
  } catch {
    return { page: 'not-found', query };
  }
  return id === undefined ? { page, query } : { page, id, query };
}

/** The href of a route: `hrefOf('anomalies', 'anm-1')` → `#/anomalies/anm-1`. Empty query values are left out. */
export function hrefOf(page: PageName, id?: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString();
  return `#/${page}${id === undefined ? '' : `/${encodeURIComponent(id)}`}${search ? `?${search}` : ''}`;
}

const current = ref<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    current.value = parseHash(location.hash);
  });
}

/** The current route, updated on every hash change. */
export const route = readonly(current);

export function navigate(href: string): void {
  if (location.hash === href) return;
  location.hash = href;
  // hashchange is asynchronous; the new page renders at once.
  current.value = parseHash(href);
}

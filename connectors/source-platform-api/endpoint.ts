import { FatalRunError } from '@ferry/sdk';

/** Where one resource of the platform lives. */
export interface Endpoint {
  /** The resource's URL (with the query the resource path may carry). */
  url: URL;
  /** Rows' `file`: `<host>/<resource>`, e.g. `api.example.com/people`. */
  label: string;
}

export function endpointOf(baseUrl: string, resource: string): Endpoint {
  const base = new URL(baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const path = resource.replace(/^\/+/, '');
  const url = new URL(path, base);
  return { url, label: `${base.host}/${path.split('?')[0]}` };
}

/**
 * A URL as errors show it: origin and path only. The query may carry a
 * token (some platforms want `?access_token=`), and user:password never shows.
 */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * A next-page URL the server handed us (Link header), resolved against the
 * page it came with. The bearer token goes with every request, so a link to
 * another origin is refused rather than followed.
 */
export function followLink(href: string, current: URL, endpoint: Endpoint): URL {
  let next: URL;
  try {
    next = new URL(href, current);
  } catch {
    throw new FatalRunError('invalid_link', `The platform's Link header names a next page that is not a URL (after ${describeUrl(current)}).`);
  }
  if (next.origin !== endpoint.url.origin) {
    throw new FatalRunError(
      'foreign_link',
      `The platform's next-page link points to ${next.origin}, not ${endpoint.url.origin}; Ferry does not send the token to another server. Check baseUrl.`,
    );
  }
  return next;
}

import { FatalRunError } from '@ferry/sdk';
import { describeUrl, followLink, type Endpoint } from './endpoint';
import { linkWithRel } from './link-header';
import type { BodyLayout } from './page-body';
import type { PageFacts } from './page-reader';
import type { PlatformApiConfig } from './platform-api.config';

/** How to walk a resource's pages. */
export interface Paging {
  /** Where the records sit, and which fields of a body say where the next page is. */
  layout: BodyLayout;
  first(): URL;
  /** The next page after one that held `count` records, or undefined when that was the last. */
  next(current: URL, facts: PageFacts, count: number): URL | undefined;
}

/**
 * The three ways platforms page. Page and cursor requests all carry the page
 * size and the changed-since filter (cursor APIs want the same filters on
 * every call); a Link header's next URL is followed as the server wrote it.
 * An empty page always ends the walk, so a server that keeps pointing onward
 * cannot keep a run going forever.
 */
export function pagingOf(config: PlatformApiConfig, endpoint: Endpoint, since: string | undefined, pageSize = config.pageSize): Paging {
  const base = new URL(endpoint.url);
  base.searchParams.set(config.pageSizeParam, String(pageSize));
  if (since !== undefined) base.searchParams.set(config.updatedSinceParam, since);
  const withParam = (name: string, value: string) => {
    const url = new URL(base);
    url.searchParams.set(name, value);
    return url;
  };
  const items = pathOf(config.itemsPath);

  switch (config.pagination) {
    case 'page': {
      let page = 1;
      let read = 0;
      const fields: Record<string, string[]> = {};
      if (config.lastPageField) fields.lastPage = pathOf(config.lastPageField);
      if (config.totalField) fields.total = pathOf(config.totalField);
      return {
        layout: { items, fields },
        first: () => withParam(config.pageParam, '1'),
        next(_current, facts, count) {
          read += count;
          if (count === 0) return undefined;
          const lastPage = wholeNumber(facts.fields.lastPage);
          const total = wholeNumber(facts.fields.total);
          if ((lastPage !== undefined && page >= lastPage) || (total !== undefined && read >= total)) return undefined;
          return withParam(config.pageParam, String(++page));
        },
      };
    }
    case 'cursor': {
      const used = new Set<string>();
      return {
        layout: { items, fields: { cursor: pathOf(config.cursorField) } },
        first: () => base,
        next(current, facts, count) {
          const cursor = facts.fields.cursor;
          if (count === 0 || cursor === undefined || cursor === null || cursor === '' || typeof cursor === 'object') return undefined;
          const text = String(cursor);
          if (used.has(text)) throw loop(current, `the same ${config.cursorField}`);
          used.add(text);
          return withParam(config.cursorParam, text);
        },
      };
    }
    case 'link': {
      const visited = new Set<string>([base.href]);
      return {
        layout: { items, fields: {} },
        first: () => base,
        next(current, facts, count) {
          const href = linkWithRel(facts.link, 'next');
          if (count === 0 || href === undefined) return undefined;
          const next = followLink(href, current, endpoint);
          if (visited.has(next.href)) throw loop(current, 'a next link to a page already read');
          visited.add(next.href);
          return next;
        },
      };
    }
  }
}

export const pathOf = (dotted: string): string[] => (dotted ? dotted.split('.') : []);

function wholeNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/**
 * A server that ignores the page parameter answers every page with the first
 * one, forever; a page that starts with the same record as the one before
 * stops the run instead.
 */
export function checkNotRepeated(previousFirst: string | undefined, first: string, url: URL): void {
  if (first === previousFirst) throw loop(url, 'the same records as the page before');
}

function loop(url: URL, what: string): FatalRunError {
  return new FatalRunError('paging_loop', `The platform answered ${describeUrl(url)} with ${what}, so paging would never end. Check the pagination option and the parameter names (pageParam, cursorParam).`, {
    url: describeUrl(url),
  });
}

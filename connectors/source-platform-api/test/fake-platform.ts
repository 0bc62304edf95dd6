import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = 'tok_live_5ecret-Value';

export type Style = 'page' | 'cursor' | 'link';
export type Record_ = Record<string, unknown>;

/** An answer a test scripts for the next request, ahead of the data. */
export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (until the client gives up). */
  hang?: boolean;
  /** Send the headers and the first half of the real answer, then cut the connection. */
  cut?: boolean;
}

/**
 * A fake learning platform on loopback: /api/<resource> pages its records the
 * way `style` says, filters by `updated_since` (strictly later), wants the
 * bearer token, and logs every request. Tests change `data` between runs.
 */
export class FakePlatform {
  readonly requests: { url: URL; authorization?: string }[] = [];
  data: Record<string, Record_[]> = {};
  style: Style = 'page';
  /** Page style: say last_page and total in the body (else the client stops at an empty page). */
  pageMeta = true;
  /** Raw JSON text served as the first page of a resource instead of its records (later pages are empty). */
  raw: Record<string, string> = {};
  private readonly faults: Fault[] = [];
  private readonly server: Server;
  private readonly open = new Set<ServerResponse>();

  private constructor() {
    this.server = createServer((req, res) => this.answer(req, res));
  }

  static async start(): Promise<FakePlatform> {
    const platform = new FakePlatform();
    await new Promise<void>((resolve) => platform.server.listen(0, '127.0.0.1', resolve));
    return platform;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Scripted answers for the next requests, in order. */
  fail(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Handles a request the test serves itself (e.g. a huge streamed page); return true when handled. */
  custom?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    this.requests.push({ url, authorization: req.headers.authorization });
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const fault = this.faults.shift();
    if (fault?.hang) return;
    if (fault && !fault.cut) {
      res.writeHead(fault.status ?? 500, fault.headers);
      res.end(fault.body ?? JSON.stringify({ error: 'scripted failure' }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { error: 'unauthorized' });
    if (this.custom?.(req, res, url)) return;
    const resource = url.pathname.replace(/^\/api\//, '');
    if (this.raw[resource] !== undefined) {
      const first = (url.searchParams.get('page') ?? '1') === '1';
      return send(res, 200, first ? this.raw[resource] : '{"data":[]}', {}, fault?.cut);
    }
    const all = this.data[resource];
    if (!all) return json(res, 404, { error: 'not found' });
    const since = url.searchParams.get('updated_since');
    const records = since ? all.filter((r) => Date.parse(String(r.updated_at)) > Date.parse(since)) : all;
    const size = Number(url.searchParams.get('per_page') ?? 10);
    const [body, headers] = this.page(records, size, url);
    send(res, 200, body, headers, fault?.cut);
  }

  private page(records: Record_[], size: number, url: URL): [string, Record<string, string>] {
    if (this.style === 'page') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const data = records.slice((page - 1) * size, page * size);
      const meta = this.pageMeta ? { last_page: Math.max(1, Math.ceil(records.length / size)), total: records.length } : {};
      return [JSON.stringify({ page, data, ...meta }), {}];
    }
    if (this.style === 'cursor') {
      const from = Number(url.searchParams.get('cursor')?.replace('c', '') ?? 0);
      const next = from + size < records.length ? `c${from + size}` : null;
      // The cursor comes before the records, nested: the client must find it wherever it is.
      return [JSON.stringify({ meta: { next }, results: records.slice(from, from + size) }), {}];
    }
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const headers: Record<string, string> = {};
    if (offset + size < records.length) {
      const next = new URL(url);
      next.searchParams.set('offset', String(offset + size));
      // Relative link, a quoted title with a comma, and a second relation.
      headers.link = `<${next.pathname}${next.search}>; title="next, please"; rel="next", <${url.pathname}?offset=0>; rel="first"`;
    }
    return [JSON.stringify(records.slice(offset, offset + size)), headers];
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), {});
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>, cut = false): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  if (!cut) return void res.end(body);
  res.write(body.slice(0, Math.floor(body.length / 2)));
  setTimeout(() => res.destroy(), 20);
}

/** People with the fields a platform typically has; `updated_at` one minute apart. */
export function people(count: number, from = 1): Record_[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      id: n,
      email: `person${n}@example.com`,
      profile: { first_name: `First${n}`, last_name: `Last${n}` },
      tags: ['learner', `cohort-${n % 2}`],
      updated_at: new Date(Date.UTC(2026, 0, 1, 8, n)).toISOString(),
    };
  });
}

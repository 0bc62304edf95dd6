/** A small export in both shapes: the same records as one JSON document and as NDJSON. */

export const people = [
  {
    email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+447700900123', username: 'ada.l',
    roles: ['student'], tags: ['spring-2026', 'piano'], fields: { shoe_size: 38, start_date: '2026-03-01' },
    parent_email: 'charlotte@example.com', instructor_email: ['mary@example.com'],
  },
  { email: 'charlotte@example.com', first_name: 'Charlotte', last_name: 'Lovelace', roles: ['parent'], tags: [], fields: {} },
  { email: 'mary@example.com', first_name: 'Mary', last_name: 'Somerville', roles: ['instructor'], tags: ['staff-room'], fields: { shoe_size: 40 } },
];

export const grants = [
  { email: 'ada@example.com', offer: 'Piano for beginners' },
  { email: 'mary@example.com', offer: 'Piano for beginners' },
];

/** Completions of content whose uuid the test hands in. */
export const completions = (activity: string, journey: string) => [
  { email: 'ada@example.com', content: activity, completed_on: '2026-03-14' },
  { email: 'ada@example.com', content: journey, completed_on: '2026-03-20' },
];

/** The document; `order` lists the lists in the order they are written. */
export function exportDocument(
  lists: { people?: unknown[]; grants?: unknown[]; completions?: unknown[] },
  order: string[] = ['people', 'grants', 'completions'],
): string {
  const body: Record<string, unknown> = { format: 'ferry-export', version: 1, exported_at: '2026-04-01T10:00:00Z' };
  for (const name of order) if (name in lists) body[name] = lists[name as keyof typeof lists];
  return `${JSON.stringify(body, null, 2)}\n`;
}

const SINGULAR: Record<string, string> = { people: 'person', grants: 'grant', completions: 'completion' };

/** The same lists as NDJSON lines, kinds interleaved as an export streaming by contact might write them. */
export function exportNdjson(lists: { people?: unknown[]; grants?: unknown[]; completions?: unknown[] }): string {
  const lines = ['{"format":"ferry-export","version":1}'];
  const queues = Object.entries(lists).map(([name, records]) => (records ?? []).map((record) => JSON.stringify({ kind: SINGULAR[name], ...(record as object) })));
  while (queues.some((queue) => queue.length > 0)) for (const queue of queues) if (queue.length) lines.push(queue.shift()!);
  return `${lines.join('\n')}\n`;
}

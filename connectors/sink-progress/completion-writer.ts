import { AccessGrantStore, CompletionStore, completionKey, ContentLookup, type CompletionInit, type ContentNodeRef, type Learner } from '@ferry/domain';
import { columnOf, type IssueInit, type Outcome, type Row, type SinkContext } from '@ferry/sdk';
import type { ProgressConfig } from './progress.config';
import { readProgressRow, type ProgressRequest } from './progress-row';

/** Nodes (and unknown uuids) remembered for the run; past this the memory is let go and refilled. */
const MAX_CACHED_NODES = 50_000;

/** A row that passed every check: whose completion of what, and when. */
interface Accepted {
  request: ProgressRequest;
  node: ContentNodeRef;
  learner: Learner;
}

/**
 * Writes a batch of completion rows in a fixed number of statements whatever
 * its size: one to find its contacts (with the products they may see), one
 * for uuids not seen before in the run (with their subtrees), one to read the
 * stored dates, one upsert of only what changes. Outcomes are decided in
 * memory, the same way in a dry-run.
 */
export class CompletionBatchWriter {
  private readonly nodes = new Map<string, ContentNodeRef | null>();
  /** Dry-run only: dates earlier batches would have written. */
  private readonly wouldExist = new Map<string, string>();

  constructor(
    private readonly config: ProgressConfig,
    /** The run's date, for rows without one. */
    private readonly today: string,
  ) {}

  async write(rows: Row[], context: SinkContext): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(rows.length);
    const reading = { dateOrder: this.config.dateOrder, today: this.today };
    const requests = rows.map((row, i) => {
      const read = readProgressRow(row, reading);
      if ('uuid' in read) return read;
      outcomes[i] = { status: 'failed', issue: read };
      return undefined;
    });
    await this.resolveNodes(requests, context);
    const emailKeys = new Set(requests.flatMap((r) => (r ? [r.emailKey] : [])));
    const learners = await new AccessGrantStore(context.db).learnersByEmailKey(context.workspaceId, [...emailKeys]);

    const accepted = requests.map((request, i): Accepted | undefined => {
      if (!request) return undefined;
      const problem = this.check(rows[i], request, learners.get(request.emailKey));
      if (problem) {
        outcomes[i] = { status: 'failed', issue: problem };
        return undefined;
      }
      return { request, node: this.nodes.get(request.uuid)!, learner: learners.get(request.emailKey)! };
    });

    const stored = await new CompletionStore(context.db).datesOf(context.workspaceId, pairsOf(accepted));
    const toWrite = this.classify(rows, accepted, stored, outcomes);
    if (context.dryRun) for (const c of toWrite.values()) this.wouldExist.set(completionKey(c.contactId, c.nodeId), c.completedOn);
    else await new CompletionStore(context.db).upsertEarliest(context.workspaceId, context.runId, [...toWrite.values()]);
    return outcomes;
  }

  /** Checks that need the database: known content of the wanted level, a known contact. */
  private check(row: Row, request: ProgressRequest, learner: Learner | undefined): IssueInit | undefined {
    const node = this.nodes.get(request.uuid);
    const content = columnOf(row, 'content');
    if (!node) {
      return { column: content, value: row.values.content, code: 'unknown_content', message: `There is no content with uuid ${request.uuid} in this workspace.` };
    }
    if (this.config.level && node.level !== this.config.level) {
      return {
        column: content,
        value: row.values.content,
        code: 'wrong_level',
        message: `"${node.title}" is a ${node.level}; this import only takes ${this.config.level} completions.`,
      };
    }
    if (!learner) {
      return {
        column: columnOf(row, 'email'),
        value: request.email,
        code: 'unknown_contact',
        message: 'No contact has this email. Progress is only added to existing contacts: import them first.',
      };
    }
    return undefined;
  }

  /**
   * Rows in file order, each against what is stored and what earlier rows did:
   * `created` when the node or a node below it is completed for the first
   * time, else `updated` when one gets an earlier date, else `unchanged`.
   * Returns what to write, one entry per contact × node with its earliest date.
   */
  private classify(rows: Row[], accepted: (Accepted | undefined)[], stored: Map<string, string>, outcomes: Outcome[]): Map<string, CompletionInit> {
    const toWrite = new Map<string, CompletionInit>();
    accepted.forEach((item, i) => {
      if (!item) return;
      const { request, node, learner } = item;
      let created = false;
      let updated = false;
      for (const nodeId of [node.id, ...node.descendantIds]) {
        const key = completionKey(learner.contactId, nodeId);
        const before = toWrite.get(key)?.completedOn ?? this.wouldExist.get(key) ?? stored.get(key);
        if (before !== undefined && before <= request.completedOn) continue;
        if (before === undefined) created = true;
        else updated = true;
        toWrite.set(key, { contactId: learner.contactId, nodeId, completedOn: request.completedOn });
      }
      const status = created ? 'created' : updated ? 'updated' : 'unchanged';
      outcomes[i] = learner.productIds.includes(node.productId) ? { status } : { status, issue: hidden(rows[i], request, node) };
    });
    return toWrite;
  }

  /** Looks up the uuids the run has not seen yet, in one statement. */
  private async resolveNodes(requests: (ProgressRequest | undefined)[], context: SinkContext): Promise<void> {
    const missing = new Set<string>();
    for (const request of requests) if (request && !this.nodes.has(request.uuid)) missing.add(request.uuid);
    if (missing.size === 0) return;
    if (this.nodes.size + missing.size > MAX_CACHED_NODES) this.nodes.clear();
    const found = await new ContentLookup(context.db).byUuids(context.workspaceId, [...missing]);
    for (const uuid of missing) this.nodes.set(uuid, found.get(uuid) ?? null);
  }
}

/** The contact × node pairs a batch touches (each node with everything below it), once each. */
function pairsOf(accepted: (Accepted | undefined)[]): { contactId: string; nodeId: number }[] {
  const pairs = new Map<string, { contactId: string; nodeId: number }>();
  for (const item of accepted) {
    if (!item) continue;
    for (const nodeId of [item.node.id, ...item.node.descendantIds]) {
      pairs.set(completionKey(item.learner.contactId, nodeId), { contactId: item.learner.contactId, nodeId });
    }
  }
  return [...pairs.values()];
}

function hidden(row: Row, request: ProgressRequest, node: ContentNodeRef): IssueInit {
  return {
    column: columnOf(row, 'content'),
    value: row.values.content,
    code: 'no_access',
    message: `"${node.title}" is completed but hidden until ${request.email} has access to ${node.productName}; it shows once access is granted.`,
  };
}

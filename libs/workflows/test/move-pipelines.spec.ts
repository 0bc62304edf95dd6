import { BUILT_IN_PLUGINS } from '@ferry/connectors';
import { checkPipeline, type PipelineDocument } from '@ferry/engine';
import { PluginRegistry, resolveConfig } from '@ferry/sdk';
import { carryOverPipeline, grantPipeline, mergeUsersPipeline } from '../src/move-pipelines';

const registry = new PluginRegistry(BUILT_IN_PLUGINS);

/** What the engine checks before a run: the shape, and every plugin's config. */
function expectRunnable(doc: PipelineDocument): void {
  checkPipeline(doc);
  resolveConfig(registry.get('source', doc.source.use), doc.source.config);
  for (const step of doc.steps) resolveConfig(registry.get('step', step.use), step.config);
  resolveConfig(registry.get('sink', doc.sink.use), doc.sink.config);
}

const uuid = (n: number) => `${String(n).repeat(8)}-1111-4111-8111-111111111111`;

describe('the moves as pipeline documents', () => {
  it('grant: contacts with the tag, the offer set on each, into course-enrollment', () => {
    const doc = grantPipeline('Spanish', 'vip', { dryRun: true, batchSize: 500 });
    expect(doc).toEqual({
      name: 'Grant Spanish to tag vip',
      source: { use: 'ferry-contacts', config: { tag: 'vip' } },
      steps: [{ use: 'set-values', config: { values: { offer: 'Spanish' } } }],
      sink: { use: 'course-enrollment', config: {} },
      options: { dryRun: true, batchSize: 500 },
    });
    expectRunnable(doc);
  });

  it('merge-users and carry-over: completions read back into the progress sink with one value replaced', () => {
    const merge = mergeUsersPipeline('old@example.com', 'new@example.com');
    expect(merge.source.config).toEqual({ email: 'old@example.com' });
    expect(merge.steps[0].config).toEqual({ values: { email: 'new@example.com' } });
    expectRunnable(merge);

    const carry = carryOverPipeline({ uuid: uuid(1), title: 'Greetings' }, { uuid: uuid(2), title: 'Saludos' }, { name: ' Move 2027 ' });
    expect(carry).toMatchObject({ name: 'Move 2027', source: { config: { content: uuid(1) } }, steps: [{ config: { values: { content: uuid(2) } } }], sink: { use: 'progress' } });
    expectRunnable(carry);
  });

  it('keeps default names within the 200 characters a run name may have', () => {
    const long = 'x'.repeat(300);
    expect(() => checkPipeline(carryOverPipeline({ uuid: uuid(1), title: long }, { uuid: uuid(2), title: long }))).not.toThrow();
    expect(grantPipeline(long, long).name.length).toBeLessThanOrEqual(200);
  });
});

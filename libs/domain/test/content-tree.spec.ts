import { ConfigError } from '@ferry/sdk';
import { parseContentTree } from '../src';

const P = '11111111-1111-4111-8111-111111111111';
const J1 = '22222222-2222-4222-8222-222222222221';
const J2 = '22222222-2222-4222-8222-222222222222';
const A1 = '33333333-3333-4333-8333-333333333331';
const A2 = '33333333-3333-4333-8333-333333333332';

const json = (tree: unknown) => JSON.stringify(tree);
const problemsOf = (text: string, format: 'json' | 'csv'): string => {
  try {
    parseContentTree(text, format);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the tree to be refused');
};

describe('content tree descriptions', () => {
  it('flattens a JSON tree in file order, with parents and sibling positions', () => {
    const drafts = parseContentTree(json([{ uuid: P, title: 'Spanish A1', level: 'programme', children: [
      { uuid: J1, title: 'Greetings', level: 'journey', children: [
        { uuid: A1, title: 'Say hello', level: 'activity' }, { uuid: A2, title: 'Say goodbye', level: 'activity' }] },
      { uuid: J2, title: 'Numbers', level: 'Journey' },
    ] }]), 'json');
    expect(drafts.map(({ uuid, parentUuid, level, position, title }) => [uuid, parentUuid, level, position, title])).toEqual([
      [P, null, 'programme', 0, 'Spanish A1'],
      [J1, P, 'journey', 0, 'Greetings'],
      [A1, J1, 'activity', 0, 'Say hello'],
      [A2, J1, 'activity', 1, 'Say goodbye'],
      [J2, P, 'journey', 1, 'Numbers'],
    ]);
  });

  it('reads CSV with parents in any order, semicolons and upper-case uuids', () => {
    const csv = `UUID;Title;Level;Parent_UUID\n${A1.toUpperCase()};Say hello;activity;${J1}\n${J1};Greetings;journey;${P}\n${P};"Spanish; A1";programme;\n`;
    const drafts = parseContentTree(csv, 'csv');
    expect(drafts.map((d) => [d.uuid, d.parentUuid, d.title])).toEqual([[A1, J1, 'Say hello'], [J1, P, 'Greetings'], [P, null, 'Spanish; A1']]);
  });

  it('names the uuid of an activity placed directly under a programme', () => {
    const message = problemsOf(json([{ uuid: P, title: 'Spanish', level: 'programme', children: [{ uuid: A1, title: 'Hello', level: 'activity' }] }]), 'json');
    expect(message).toContain(`item 1.1 (${A1}): an activity belongs in a journey, not under the programme ${P}.`);
    expect(message).toContain('nothing was imported');
  });

  it('lists every problem of a CSV file by row: bad uuid, unknown level, duplicate, unknown parent, missing title, orphan journey', () => {
    const csv = [
      'uuid,title,level,parent_uuid',
      `${P},Spanish,programme,`,
      `not-a-uuid,Greetings,journey,${P}`,
      `${J1},Numbers,chapter,${P}`,
      `${P},Again,programme,`,
      `${A1},Hello,activity,${A2}`,
      `${J2},,journey,`,
    ].join('\n');
    const message = problemsOf(csv, 'csv');
    expect(message).toContain('row 3 (not-a-uuid): "not-a-uuid" is not a uuid');
    expect(message).toContain(`row 4 (${J1}): level "chapter" is not one of programme, journey, activity.`);
    expect(message).toContain(`row 5 (${P}): the uuid appears twice (first at row 2).`);
    expect(message).toContain(`row 6 (${A1}): its parent ${A2} is not in the file.`);
    expect(message).toContain(`row 7 (${J2}): has no title.`);
    expect(message).toContain(`row 7 (${J2}): a journey belongs in a programme; it has no parent.`);
    expect(message).toMatch(/^The content tree has 6 problems/);
  });

  it('refuses files that are not a tree description at all', () => {
    expect(problemsOf('{ "uuid": 1 ', 'json')).toContain('not valid JSON');
    expect(problemsOf(json({ uuid: P }), 'json')).toContain('must hold a list of programmes');
    expect(problemsOf('id,title\n1,x\n', 'csv')).toContain('uuid, level are missing');
    expect(problemsOf('uuid,title,level\n', 'csv')).toContain('describes no content');
    expect(problemsOf(json([{ uuid: P, title: 'x', level: 'programme', children: 'none' }]), 'json')).toContain('item 1: "children" must be a list.');
  });
});

import { ferryExpecting, scratchFiles } from '../support/cli-session';
import { runFerry } from '../support/run-ferry';
import { uniqueSlug } from '../support/test-database';

/*
 * The journeys of the learning-sinks issue, each driven through `ferry` as a
 * process on real PostgreSQL, as an admin moving a school would run them.
 */
const file = scratchFiles('ferry-journeys');

const ferry = ferryExpecting;

const show = async (workspace: string, who: string) => (await ferry(workspace, ['contacts', 'show', who, '--json'])).json();

describe('learning journeys through the CLI', () => {
  it('re-imports contacts with a tag column: nothing created, the new tags added', async () => {
    const ws = uniqueSlug('journey');
    const csv = file('members.csv', 'Email,First name,Groups\nada@example.com,Ada,maths; poetry\nalan@example.com,Alan,computing\n');
    const first = (await ferry(ws, ['import', csv, '--map', 'Groups=tags', '--json'])).json();
    expect(first.counts).toMatchObject({ read: 2, created: 2 });

    const again = (await ferry(ws, ['import', csv, '--map', 'Groups=tags', '--tag', 'moved-2026', '--json'])).json();
    expect(again.counts).toMatchObject({ read: 2, created: 0, updated: 2 });
    expect((await show(ws, 'ADA@example.com')).tags).toEqual(['maths', 'moved-2026', 'poetry']);

    const third = (await ferry(ws, ['import', csv, '--map', 'Groups=tags', '--tag', 'moved-2026', '--json'])).json();
    expect(third.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('imports students straight into a course: contacts created with access, a second import changes nothing', async () => {
    const ws = uniqueSlug('journey');
    await ferry(ws, ['products', 'add', 'Spanish A1']);
    const csv = file('students.csv', 'E-Mail,Vorname,Nachname\nlena@example.com,Lena,Berg\nmax@example.com,Max,Roth\n');

    const dry = (await ferry(ws, ['import', csv, '--into', 'course-enrollment', '--offer', 'spanish a1', '--dry-run', '--json'])).json();
    expect(dry.counts).toMatchObject({ read: 2, created: 2 });
    expect((await runFerry(['contacts', '--json'], { workspace: ws })).json()).toEqual([]);

    const run = (await ferry(ws, ['import', csv, '--into', 'course-enrollment', '--offer', 'spanish a1', '--json'])).json();
    expect(run.counts).toMatchObject({ read: 2, created: 2, failed: 0 });
    const lena = await show(ws, 'lena@example.com');
    expect(lena).toMatchObject({ first_name: 'Lena', last_name: 'Berg', offers: ['Spanish A1'], roles: ['student'] });

    const again = (await ferry(ws, ['import', csv, '--into', 'course-enrollment', '--offer', 'Spanish A1', '--json'])).json();
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('reports an unknown offer by row, column and value', async () => {
    const ws = uniqueSlug('journey');
    await ferry(ws, ['products', 'add', 'Spanish A1']);
    const csv = file('offers.csv', 'email,offer\nlena@example.com,Spanish A1\nmax@example.com,Klingon\n');
    const run = (await ferry(ws, ['import', csv, '--into', 'course-enrollment', '--json'], 3)).json();
    expect(run.counts).toMatchObject({ created: 1, failed: 1 });
    expect(run.issues).toEqual([expect.objectContaining({ row: 3, column: 'offer', value: 'Klingon', code: 'unknown_offer', severity: 'error' })]);
  });

  it('imports a programme completion file: the programme, its journeys and their activities complete with the file’s dates', async () => {
    const ws = uniqueSlug('journey');
    await ferry(ws, ['products', 'add', 'Leadership']);
    const tree = [{
      uuid: '0b9e2f8e-1c1a-4c53-9c2e-000000000001', title: 'Leading teams', level: 'programme',
      children: [1, 2].map((j) => ({
        uuid: `0b9e2f8e-1c1a-4c53-9c2e-00000000001${j}`, title: `Journey ${j}`, level: 'journey',
        children: [1, 2, 3].map((a) => ({ uuid: `0b9e2f8e-1c1a-4c53-9c2e-0000000001${j}${a}`, title: `Activity ${j}.${a}`, level: 'activity' })),
      })),
    }];
    await ferry(ws, ['content', 'import', file('tree.json', JSON.stringify(tree)), '--product', 'Leadership']);
    await ferry(ws, ['import', file('people.csv', 'email\nsam@example.com\n')]);

    const completions = file('done.csv', 'Email,Content,Completed\nsam@example.com,0b9e2f8e-1c1a-4c53-9c2e-000000000001,14/03/2025\n');
    const run = (await ferry(ws, ['import', completions, '--into', 'progress', '--map', 'Content=content', '--map', 'Completed=completed_on', '--json'])).json();
    expect(run.counts).toMatchObject({ read: 1, created: 1, failed: 0 });
    // Sam has no access to Leadership yet: imported, with a warning that it is hidden.
    expect(run.issues).toEqual([expect.objectContaining({ row: 2, code: 'no_access', severity: 'warning' })]);

    const progress = (await ferry(ws, ['progress', 'show', 'sam@example.com', '--json'])).json();
    expect(progress).toHaveLength(1 + 2 + 6);
    for (const completion of progress) expect(completion).toMatchObject({ completed_on: '2025-03-14', visible: false });

    await ferry(ws, ['import', file('access.csv', 'email\nsam@example.com\n'), '--into', 'course-enrollment', '--offer', 'Leadership']);
    const visible = (await ferry(ws, ['progress', 'show', 'sam@example.com', '--json'])).json();
    expect(visible.every((c: { visible: boolean }) => c.visible)).toBe(true);

    const again = (await ferry(ws, ['import', completions, '--into', 'progress', '--map', 'Content=content', '--map', 'Completed=completed_on', '--json'])).json();
    expect(again.counts).toMatchObject({ created: 0, unchanged: 1 });
  });

  it('places clients with UK mobiles in teams, numbers in +44 form', async () => {
    const ws = uniqueSlug('journey');
    await ferry(ws, ['teams', 'add', 'Acme Ltd']);
    const csv = file('clients.csv', 'Email,Mobile,Team\nkim@acme.example,07700 900123,  acme ltd \nlee@acme.example,+44 7700 900456,ACME LTD\nzoe@other.example,07700900789,Globex\n');
    const run = (await ferry(ws, ['import', csv, '--into', 'team-membership', '--role', 'client', '--default-country', 'GB', '--json'], 3)).json();
    expect(run.counts).toMatchObject({ read: 3, created: 2, failed: 1 });
    expect(run.issues).toEqual([expect.objectContaining({ row: 4, column: 'Team', value: 'Globex', code: 'unknown_team' })]);
    expect(await show(ws, 'kim@acme.example')).toMatchObject({ phone: '+447700900123', teams: ['Acme Ltd'], roles: ['client'] });
    expect(await show(ws, 'lee@acme.example')).toMatchObject({ phone: '+447700900456', teams: ['Acme Ltd'] });

    const created = (await ferry(ws, ['import', csv, '--into', 'team-membership', '--role', 'client', '--default-country', 'GB', '--create-teams', '--json'])).json();
    expect(created.counts).toMatchObject({ created: 1, unchanged: 2, failed: 0 });
    expect(await show(ws, 'zoe@other.example')).toMatchObject({ phone: '+447700900789', teams: ['Globex'] });
  });

  it('links students, parents and instructors from one file where parents come after their children', async () => {
    const ws = uniqueSlug('journey');
    const csv = file('family.csv', [
      'Role,Email,Username,First name,Parent email,Instructor email',
      'student,mia@example.com,,Mia,pat@example.com,ivy@school.example',
      'student,,tom.k,Tom,pat@example.com,',
      'student,,lonely.kid,Lou,,',
      'parent,pat@example.com,,Pat,,',
      'instructor,ivy@school.example,,Ivy,,',
    ].join('\n'));
    const run = (await ferry(ws, ['import', csv, '--into', 'people', '--json'], 3)).json();
    expect(run.counts).toMatchObject({ read: 5, created: 4, failed: 1 });
    expect(run.issues).toEqual([expect.objectContaining({ row: 4, column: 'Email', code: 'missing_email', severity: 'error' })]);

    expect(await show(ws, 'mia@example.com')).toMatchObject({ roles: ['student'], parents: ['pat@example.com'], instructors: ['ivy@school.example'] });
    expect(await show(ws, 'TOM.K')).toMatchObject({ email: null, username: 'tom.k', parents: ['pat@example.com'] });
    const pat = await show(ws, 'pat@example.com');
    expect(pat.roles).toEqual(['parent']);
    expect(pat.students).toEqual([{ kind: 'parent', student: 'mia@example.com' }, { kind: 'parent', student: 'tom.k' }]);

    const again = (await ferry(ws, ['import', csv, '--into', 'people', '--json'], 3)).json();
    expect(again.counts).toMatchObject({ created: 0, unchanged: 4 });
    expect((await show(ws, 'pat@example.com')).students).toHaveLength(2);
  });
});

import { personNames } from '../person-names';
import { canvasConfig, COURSES_CSV, csvInput, discover, ENROLLMENTS_CSV, issuesOf, lookupFiles, plain, readRows, USERS_CSV } from './canvas-fixtures';

let files: ReturnType<typeof lookupFiles>;
beforeAll(() => {
  files = lookupFiles();
});
afterAll(() => files.cleanup());

const withLookups = (raw: Record<string, unknown> = {}) => ({ usersFile: files.paths['users.csv'], coursesFile: files.paths['courses.csv'], ...raw });

describe('canvas-sis users.csv', () => {
  it('tells the file from its header and discovers the people fields, each with the Canvas column it comes from', async () => {
    const stream = await discover(csvInput(USERS_CSV, 'users.csv'));
    expect(stream.details).toMatchObject({ canvasFile: 'users', emit: 'people', delimiter: ',' });
    expect(stream.columns.map((c) => [c.key, c.header])).toEqual([
      ['email', 'email'], ['username', 'login_id'], ['first_name', 'first_name'], ['last_name', 'last_name'], ['role', 'role'],
    ]);
  });

  it('gives people rows: login_id as username, names from full_name or sortable_name when the separate columns are blank, the email from login_id when it is an address', async () => {
    const rows = await readRows(csvInput(USERS_CSV, 'users.csv'), { role: 'student' });
    expect(plain(rows)).toEqual([
      [2, { email: 'bob.smith@myschool.edu', username: 'bsmith01', first_name: 'Bob', last_name: 'Smith', role: 'student' }],
      [3, { email: 'john.doe@myschool.edu', username: 'jdoe03', first_name: 'John', last_name: 'Doe', role: 'student' }],
      [4, { email: 'peggy.sue@myschool.edu', username: 'psue01', first_name: 'Peggy', last_name: 'Sue', role: 'student' }],
      [6, { email: 'mary.smith@myschool.edu', username: 'mary.smith@myschool.edu', first_name: 'Mary', last_name: 'Smith', role: 'student' }],
    ]);
    for (const row of rows) {
      expect(row.at.file).toBe('users.csv');
      expect(Object.getPrototypeOf(row.values)).toBeNull();
    }
    // Issues name the column the value came from.
    expect(rows[1].columns).toMatchObject({ first_name: 'full_name', last_name: 'full_name', username: 'login_id' });
    expect(rows[2].columns).toMatchObject({ first_name: 'sortable_name' });
    expect(rows[3].columns).toMatchObject({ email: 'login_id' });
  });

  it('leaves a deleted user out with a warning on its own row number, and has no role without the option', async () => {
    const rows = await readRows(csvInput(USERS_CSV, 'users.csv'));
    expect(rows.map((r) => r.at.row)).toEqual([2, 3, 4, 6]);
    expect(rows.every((r) => !('role' in r.values))).toBe(true);
    expect(issuesOf(rows)).toEqual([[5, 'warning', 'deleted_user', 'status', 'deleted']]);
  });

  it('fails before any row when the file lacks a column the import needs, naming it', async () => {
    const input = csvInput('user_id,first_name,email,status\n1,Ada,ada@example.com,active\n', 'users.csv');
    await expect(discover(input, { file: 'users' })).rejects.toMatchObject({ code: 'missing_column', message: expect.stringContaining('"login_id"') });
    await expect(readRows(input, { file: 'users' })).rejects.toMatchObject({ code: 'missing_column' });
    await expect(discover(input)).rejects.toMatchObject({ code: 'unknown_canvas_file' });
  });

  it('fails saying so when every user is deleted', async () => {
    const input = csvInput('user_id,login_id,email,status\n1,ada,ada@example.com,deleted\n', 'users.csv');
    await expect(readRows(input)).rejects.toMatchObject({ code: 'nothing_to_import', message: expect.stringContaining('row 2') });
  });

  it('refuses rows for a sink the file cannot feed', async () => {
    await expect(discover(csvInput(USERS_CSV, 'users.csv'), { emit: 'enrollments' })).rejects.toMatchObject({ code: 'invalid_config' });
  });
});

describe('canvas-sis enrollments.csv', () => {
  it('for course-enrollment: the student enrollments with email and names from users.csv and the course long_name from courses.csv', async () => {
    const input = csvInput(ENROLLMENTS_CSV, 'enrollments.csv');
    const stream = await discover(input, withLookups());
    expect(stream.columns.map((c) => [c.key, c.header])).toEqual([['email', 'user_id'], ['first_name', 'user_id'], ['last_name', 'user_id'], ['product', 'course_id']]);
    const rows = await readRows(input, withLookups());
    const written = rows.filter((r) => r.issues.every((i) => i.severity !== 'error'));
    expect(plain(written)).toEqual([
      [2, { email: 'bob.smith@myschool.edu', first_name: 'Bob', last_name: 'Smith', product: 'English 115: Intro to English' }],
      [3, { email: 'john.doe@myschool.edu', first_name: 'John', last_name: 'Doe', product: 'English 115: Intro to English' }],
      [5, { email: 'bob.smith@myschool.edu', first_name: 'Bob', last_name: 'Smith', product: 'Biology 300: Rocking it, Bio Style' }],
    ]);
    expect(issuesOf(rows)).toEqual([
      [6, 'warning', 'inactive_enrollment', 'status', 'deleted'],
      [8, 'error', 'unknown_user', 'user_id', 'ghost'],
      [9, 'warning', 'deleted_user', 'user_id', 'u900'],
      [10, 'warning', 'deleted_course', 'course_id', 'A110035'],
    ]);
  });

  it('reads the enrollments of another role when asked, named by short_name or course_id, as offers', async () => {
    const input = csvInput(ENROLLMENTS_CSV, 'enrollments.csv');
    const teachers = await readRows(input, withLookups({ enrollmentRole: 'instructor', courseName: 'short_name', target: 'offer' }));
    expect(plain(teachers)).toEqual([[4, { email: 'peggy.sue@myschool.edu', first_name: 'Peggy', last_name: 'Sue', offer: 'ENG115' }]]);
    const byId = await readRows(input, { usersFile: files.paths['users.csv'], enrollmentRole: 'parent', courseName: 'course_id' });
    expect(plain(byId)).toEqual([[7, { email: 'mary.smith@myschool.edu', first_name: 'Mary', last_name: 'Smith', product: 'E411208' }]]);
  });

  it('for people: everyone enrolled with their Ferry role, and an observer linked as parent of the student', async () => {
    const rows = await readRows(csvInput(ENROLLMENTS_CSV, 'enrollments.csv'), { usersFile: files.paths['users.csv'], emit: 'people' });
    const written = rows.filter((r) => r.issues.every((i) => i.severity !== 'error'));
    expect(plain(written).map(([row, v]) => [row, (v as { email: string }).email, (v as { role: string }).role, (v as { parent_email?: string }).parent_email])).toEqual([
      [2, 'bob.smith@myschool.edu', 'student', undefined],
      [3, 'john.doe@myschool.edu', 'student', undefined],
      [4, 'peggy.sue@myschool.edu', 'instructor', undefined],
      [5, 'bob.smith@myschool.edu', 'student', undefined],
      [7, 'mary.smith@myschool.edu', 'parent', undefined],
      [7, 'bob.smith@myschool.edu', 'student', 'mary.smith@myschool.edu'],
      [10, 'john.doe@myschool.edu', 'student', undefined],
    ]);
    expect(written[5].columns).toMatchObject({ email: 'associated_user_id', parent_email: 'user_id' });
  });

  it('rejects a role Canvas does not have unless roleMap names it', async () => {
    const text = 'course_id,user_id,role,status\nE411208,01103,Grader,active\n';
    const rejected = await readRows(csvInput(text, 'enrollments.csv'), { usersFile: files.paths['users.csv'], emit: 'people' });
    expect(issuesOf(rejected)).toEqual([[2, 'error', 'unknown_role', 'role', 'Grader']]);
    expect(rejected[0].issues[0].message).toContain('roleMap');
    const mapped = await readRows(csvInput(text, 'enrollments.csv'), { usersFile: files.paths['users.csv'], emit: 'people', roleMap: { grader: 'instructor' } });
    expect(plain(mapped)[0][1]).toMatchObject({ role: 'instructor' });
  });

  it('needs users.csv, and courses.csv unless courses go by course_id: a config error before reading', async () => {
    const input = csvInput(ENROLLMENTS_CSV, 'enrollments.csv');
    await expect(discover(input)).rejects.toMatchObject({ code: 'missing_lookup_file', message: expect.stringContaining('usersFile') });
    await expect(discover(input, { usersFile: files.paths['users.csv'] })).rejects.toMatchObject({ code: 'missing_lookup_file', message: expect.stringContaining('coursesFile') });
    await expect(discover(input, withLookups({ usersFile: `${files.dir}/nowhere.csv` }))).rejects.toMatchObject({ code: 'missing_lookup_file', message: expect.stringContaining('nowhere.csv') });
    await expect(discover(input, withLookups({ coursesFile: files.paths['users.csv'] }))).rejects.toMatchObject({ code: 'missing_column', message: expect.stringContaining('"course_id"') });
  });

  it('holds at most maxLookupRows users, and fails naming the bound beyond', async () => {
    await expect(readRows(csvInput(ENROLLMENTS_CSV, 'enrollments.csv'), withLookups({ maxLookupRows: 3 }))).rejects.toMatchObject({
      code: 'lookup_too_large', message: expect.stringContaining('more than 3 users'),
    });
  });
});

describe('canvas-sis courses.csv', () => {
  it('gives each course that is not deleted with the name enrollments would grant', async () => {
    const rows = await readRows(csvInput(COURSES_CSV, 'courses.csv'));
    expect(plain(rows)).toEqual([
      [2, { course_id: 'E411208', product: 'English 115: Intro to English' }],
      [3, { course_id: 'R001104', product: 'Biology 300: Rocking it, Bio Style' }],
    ]);
    expect(issuesOf(rows)).toEqual([[4, 'warning', 'deleted_course', 'status', 'deleted']]);
  });
});

describe('personNames', () => {
  it('prefers first_name and last_name, then splits sortable_name at its comma, then full_name before its last word', () => {
    expect(personNames('Bob', '', 'Robert Smith', '')).toMatchObject({ first: 'Bob', last: '' });
    expect(personNames('', '', 'Mary Ann Evans', 'Evans, Mary Ann')).toMatchObject({ first: 'Mary Ann', last: 'Evans', from: { first: 'sortable_name' } });
    expect(personNames('', '', 'Mary Ann Evans', '')).toMatchObject({ first: 'Mary Ann', last: 'Evans', from: { last: 'full_name' } });
    expect(personNames('', '', 'Cher', '')).toMatchObject({ first: 'Cher', last: '' });
  });

  it('keeps config defaults valid', () => {
    expect(canvasConfig()).toMatchObject({ file: 'auto', emit: 'auto', enrollmentRole: 'student', courseName: 'long_name', target: 'product', maxLookupRows: 200_000 });
  });
});

import { csvInput, discover, issuesOf, moodleConfig, plain, readRows, uploadFile } from './moodle-fixtures';

describe('moodle-users for people', () => {
  it('discovers the people fields with the Moodle column each comes from, and warns about a profile field Ferry has already', async () => {
    const stream = await discover(csvInput(uploadFile()));
    expect(stream.columns.map((c) => [c.key, c.header])).toEqual([
      ['email', 'email'], ['first_name', 'firstname'], ['last_name', 'lastname'], ['username', 'username'], ['phone', 'phone1'],
      ['role', 'role1'], ['tags', 'cohort1, cohort2'], ['house', 'profile_field_house'],
    ]);
    expect(stream.issues?.map((i) => [i.row, i.code, i.value])).toEqual([[1, 'unusable_profile_field', 'profile_field_email']]);
  });

  it('gives one row per user: role from role1 (or type1, or the default student role of course1), cohorts as tags, profile fields as custom fields', async () => {
    const rows = await readRows(csvInput(uploadFile()), { role: 'staff' });
    expect(plain(rows)).toEqual([
      [2, { email: 'jonest@example.com', first_name: 'Tom', last_name: 'Jones', username: 'jonest', phone: '+441234567890', role: 'student', tags: ['year3', 'chess'], house: 'Adderton' }],
      [3, { email: 'reznort@example.com', first_name: 'Trent', last_name: 'Reznor', username: 'reznort', role: 'instructor', tags: ['staff'], house: 'Coolock' }],
      [4, { email: 'jane@example.com', first_name: 'Jane', last_name: 'Smith', username: 'smithj', role: 'staff' }],
      [6, {}],
      [7, { email: 'kim@example.com', first_name: 'Kim', last_name: 'Lee', username: 'kim', role: 'student' }],
    ]);
    expect(rows[0].columns).toMatchObject({ role: 'role1', tags: 'cohort1, cohort2', house: 'profile_field_house', first_name: 'firstname' });
    expect(rows[2].columns).toMatchObject({ role: 'role' });
    expect(issuesOf(rows)).toEqual([
      [5, 'warning', 'deleted_user', 'deleted', '1'],
      [6, 'error', 'unknown_role', 'role1', 'wizard'],
    ]);
    for (const row of rows) expect(Object.getPrototypeOf(row.values)).toBeNull();
  });

  it('reads roles beyond the standard ones through roleMap, and the legacy type column', async () => {
    const text = uploadFile(
      [{ username: 'a', email: 'a@example.com', course1: 'c1', role1: 'manager' }, { username: 'b', email: 'b@example.com', course1: 'c1', type1: '3' }],
      ['username', 'email', 'course1', 'role1', 'type1'],
    );
    const rows = await readRows(csvInput(text), { roleMap: { Manager: 'staff' } });
    expect(rows.map((r) => [r.values.role, r.columns?.role])).toEqual([['staff', 'role1'], ['instructor', 'type1']]);
  });

  it('fails before any row when username or email has no column, naming it', async () => {
    const text = 'username,firstname,lastname\njonest,Tom,Jones\n';
    await expect(discover(csvInput(text))).rejects.toMatchObject({ code: 'missing_column', message: expect.stringContaining('"email"') });
    await expect(readRows(csvInput(text))).rejects.toMatchObject({ code: 'missing_column' });
  });
});

describe('moodle-users for enrollments', () => {
  it('gives one row per courseN whose role is the one asked for, all on the line\'s row number', async () => {
    const input = csvInput(uploadFile());
    const stream = await discover(input, { emit: 'enrollments' });
    expect(stream.columns.map((c) => [c.key, c.header])).toEqual([['email', 'email'], ['first_name', 'firstname'], ['last_name', 'lastname'], ['product', 'course1, course2, course3']]);
    const rows = await readRows(input, { emit: 'enrollments' });
    expect(plain(rows)).toEqual([
      [2, { email: 'jonest@example.com', first_name: 'Tom', last_name: 'Jones', product: 'math102' }],
      [2, { email: 'jonest@example.com', first_name: 'Tom', last_name: 'Jones', product: 'art101' }],
      [6, {}],
      [7, { email: 'kim@example.com', first_name: 'Kim', last_name: 'Lee', product: 'math102' }],
      [7, { email: 'kim@example.com', first_name: 'Kim', last_name: 'Lee', product: 'art101' }],
    ]);
    expect(rows[1].columns).toMatchObject({ product: 'course2' });
    expect(issuesOf(rows)).toEqual([
      [5, 'warning', 'deleted_user', 'deleted', '1'],
      [6, 'error', 'unknown_role', 'role1', 'wizard'],
      [6, 'warning', 'suspended_enrolment', 'enrolstatus2', '1'],
    ]);
    const teachers = await readRows(input, { emit: 'enrollments', enrollmentRole: 'instructor', target: 'offer' });
    expect(plain(teachers).filter(([, v]) => Object.keys(v).length > 0)).toEqual([
      [2, { email: 'jonest@example.com', first_name: 'Tom', last_name: 'Jones', offer: 'hist200' }],
      [3, { email: 'reznort@example.com', first_name: 'Trent', last_name: 'Reznor', offer: 'math102' }],
    ]);
  });

  it('needs a course1 column', async () => {
    await expect(discover(csvInput('username,email\njonest,jonest@example.com\n'), { emit: 'enrollments' })).rejects.toMatchObject({
      code: 'missing_column', message: expect.stringContaining('"course1"'),
    });
  });

  it('fails saying why when no line has an enrolment of the role', async () => {
    const text = uploadFile([{ username: 'a', email: 'a@example.com', course1: 'c1' }], ['username', 'email', 'course1']);
    await expect(readRows(csvInput(text), { emit: 'enrollments', enrollmentRole: 'instructor' })).rejects.toMatchObject({
      code: 'nothing_to_import', message: expect.stringContaining('instructor'),
    });
  });

  it('has valid defaults', () => {
    expect(moodleConfig()).toMatchObject({ emit: 'people', enrollmentRole: 'student', target: 'product' });
  });
});

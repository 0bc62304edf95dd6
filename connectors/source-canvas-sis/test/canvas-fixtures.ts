import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bufferInput, resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { canvasSisSource } from '..';
import type { CanvasSisConfig } from '../canvas-sis.config';

/** A Canvas SIS export as the documentation's samples describe it (doc/api/sis_csv.md). */
export const USERS_CSV = [
  'user_id,login_id,authentication_provider_id,password,first_name,last_name,full_name,sortable_name,short_name,email,status',
  '01103,bsmith01,,,Bob,Smith,,,Bobby Smith,bob.smith@myschool.edu,active',
  '13834,jdoe03,google,,,,John Doe,,,john.doe@myschool.edu,active',
  '13aa3,psue01,7,,,,,"Sue, Peggy",,peggy.sue@myschool.edu,active',
  'u900,ouser,,,Old,User,,,,old.user@myschool.edu,deleted',
  'p100,mary.smith@myschool.edu,,,Mary,Smith,,,,,active',
].join('\n');

export const COURSES_CSV = [
  'course_id,short_name,long_name,account_id,term_id,status',
  'E411208,ENG115,English 115: Intro to English,A002,,active',
  'R001104,BIO300,"Biology 300: Rocking it, Bio Style",A004,Fall2011,active',
  'A110035,ART105,"Art 105: ""Art as a Medium""",A001,,deleted',
].join('\n');

export const ENROLLMENTS_CSV = [
  'course_id,user_id,role,section_id,status,associated_user_id',
  'E411208,01103,student,1B,active,', // row 2
  'E411208,13834,student,2A,active,', // row 3
  'E411208,13aa3,teacher,2A,active,', // row 4
  'R001104,01103,student,,active,', // row 5
  'R001104,13834,student,,deleted,', // row 6: not active
  'E411208,p100,observer,,active,01103', // row 7: Mary observes Bob
  'E411208,ghost,student,,active,', // row 8: no such user
  'R001104,u900,student,,active,', // row 9: a deleted user
  'A110035,13834,student,,active,', // row 10: a deleted course
].join('\n');

/** Writes lookup files to a fresh folder; `cleanup` removes it. */
export function lookupFiles(files: Record<string, string> = { 'users.csv': USERS_CSV, 'courses.csv': COURSES_CSV }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'canvas-sis-'));
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = path.join(dir, name);
    writeFileSync(paths[name], text);
  }
  return { dir, paths, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const csvInput = (text: string, label: string): SourceInput => bufferInput(text, label);

export function canvasConfig(raw: Record<string, unknown> = {}): CanvasSisConfig {
  return resolveConfig<CanvasSisConfig>(canvasSisSource, raw);
}

export async function discover(input: SourceInput, raw: Record<string, unknown> = {}): Promise<StreamInfo> {
  const [stream] = await canvasSisSource.discover(canvasConfig(raw), { input });
  return stream;
}

export async function readRows(input: SourceInput, raw: Record<string, unknown> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of canvasSisSource.read(canvasConfig(raw), { input })) rows.push(row);
  return rows;
}

/** Rows as [row number, values] for `toEqual`. */
export const plain = (rows: Row[]) => rows.map((row) => [row.at.row, { ...row.values }]);

/** Issues as [row, severity, code, column, value]. */
export const issuesOf = (rows: Row[]) => rows.flatMap((row) => row.issues).sort((a, b) => a.row - b.row).map((i) => [i.row, i.severity, i.code, i.column, i.value]);

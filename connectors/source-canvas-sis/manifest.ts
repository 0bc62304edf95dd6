import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'canvas-sis',
  title: 'Canvas SIS import CSVs',
  description: 'Reads Canvas SIS users.csv, enrollments.csv and courses.csv as rows for the people and course-enrollment sinks.',
  version: 1,
};

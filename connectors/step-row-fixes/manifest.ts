import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'step'> = {
  kind: 'step',
  name: 'row-fixes',
  title: 'Row fixes',
  description: "Applies an admin's corrections to single rows of the file (by row number) and leaves out the rows they excluded, before any other step.",
  version: 1,
  // A fix belongs to a row number: the same cells elsewhere in the file are not fixed.
  positional: true,
};

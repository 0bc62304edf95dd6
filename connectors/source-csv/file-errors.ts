import { FatalRunError } from '@ferry/sdk';

export function emptyFile(label: string): FatalRunError {
  return new FatalRunError('empty_file', `"${label}" is empty. Choose the file that holds your data, with a header row and at least one row below it.`, {
    file: label,
  });
}

export function noRows(label: string): FatalRunError {
  return new FatalRunError('no_rows', `"${label}" has a header row but no rows below it. Add the data under the header, or choose the file that holds it.`, {
    file: label,
  });
}

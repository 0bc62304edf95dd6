import { FatalRunError } from '@ferry/sdk';

/** Files this source refuses as a whole: the run fails with one of these, naming where. */

const SHAPE = 'Ferry reads its JSON export ({ "format": "ferry-export", "version": 1, "people": [...], ... }), a list of records, or NDJSON (one record per line).';

export function emptyExport(file: string): FatalRunError {
  return new FatalRunError('empty_export', `"${file}" is empty. Choose the export file that holds the data.`, { file });
}

export function notJson(file: string, found: string): FatalRunError {
  return new FatalRunError('not_json', `"${file}" is not JSON: it starts with ${found}. ${SHAPE} For a spreadsheet, import it as csv or xlsx.`, { file });
}

export function utf16(file: string): FatalRunError {
  return new FatalRunError('unsupported_encoding', `"${file}" is UTF-16 text. Save it as UTF-8 (JSON's encoding) and import it again.`, { file });
}

export function notAnExport(file: string, why: string): FatalRunError {
  return new FatalRunError('not_a_ferry_export', `"${file}" is not a Ferry export: ${why}. ${SHAPE}`, { file });
}

export function unsupportedVersion(file: string, version: unknown): FatalRunError {
  const newer = typeof version === 'number' && version > 1;
  return new FatalRunError(
    'unsupported_version',
    newer
      ? `"${file}" is version ${version} of Ferry's export format, made by a newer Ferry; this one reads version 1. Update Ferry, or export in version 1.`
      : `"${file}" gives the export format's version as ${JSON.stringify(version)}; this Ferry reads version 1.`,
    { file, version },
  );
}

export function notAList(file: string, list: string, found: string): FatalRunError {
  return new FatalRunError('not_a_list', `"${list}" in "${file}" must be a list of records ([...]), but it is ${found}.`, { file, list });
}

/** The file stops before the JSON does: cut short by a download or a copy. */
export function truncated(file: string, where: string, end: string): FatalRunError {
  return new FatalRunError(
    'truncated_export',
    `"${file}" ends ${where} (the file stops at ${end}): it was cut short, perhaps by an interrupted download or copy. The records before it were read; export the data again and import the whole file.`,
    { file, where },
  );
}

export function invalidJson(file: string, where: string, reason: string): FatalRunError {
  return new FatalRunError('invalid_json', `"${file}" is not valid JSON ${where}: ${reason}. Fix the file there, or export it again.`, { file, where });
}

export function unreadable(file: string, reason: string): FatalRunError {
  return new FatalRunError('unreadable_file', `"${file}" could not be read (${reason}). Check the file is there and readable, then import it again.`, { file });
}

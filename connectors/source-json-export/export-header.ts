import { notAnExport, unsupportedVersion } from './export-errors';

/** The `format` an export names, when it names one. */
export const FORMAT_NAME = 'ferry-export';
/** The version of the interchange format this source reads. */
export const FORMAT_VERSION = 1;

/** Refuses a file that says it is something else. */
export function checkFormat(file: string, format: unknown): void {
  if (format !== FORMAT_NAME) throw notAnExport(file, `it names its format ${JSON.stringify(format)}, not "${FORMAT_NAME}"`);
}

/** Refuses versions this source cannot read (a missing version is version 1). */
export function checkVersion(file: string, version: unknown): void {
  if (version !== undefined && version !== FORMAT_VERSION) throw unsupportedVersion(file, version);
}


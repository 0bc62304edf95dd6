import { FatalRunError, type SourceContext, type SourceInput } from '@ferry/sdk';
import { detectFormat, type ExportFormat } from './detect-format';
import { limitsOf, type ExportItem } from './export-item';
import { KINDS } from './export-kinds';
import { inputChunks } from './input-chunks';
import { jsonItems } from './json-items';
import type { JsonExportConfig } from './json-export.config';
import { ndjsonItems } from './ndjson-items';

/** An export opened for one pass: how it is read, and its records of the configured kind. */
export interface OpenedExport {
  format: ExportFormat;
  items: AsyncGenerator<ExportItem>;
}

/** Opens the input (again: discover and read each take their own pass) and decides its format. */
export async function openExport(config: JsonExportConfig, context: SourceContext): Promise<OpenedExport> {
  const input = inputOf(context);
  const chunks = inputChunks(input.open(), input.label);
  const { format, chunks: bytes } = await detectFormat(chunks, config.format, input.label).catch(async (error: unknown) => {
    await chunks.return(undefined); // closes the file
    throw error;
  });
  const kind = KINDS[config.kind];
  const limits = limitsOf(config.maxValueLength);
  const items = format === 'ndjson' ? ndjsonItems(bytes, kind, limits, input.label) : jsonItems(bytes, kind, limits, input.label);
  return { format, items };
}

export function inputOf(context: SourceContext): SourceInput {
  if (!context.input) throw new FatalRunError('no_input', 'The json-export source needs an export file to read, and none was given.');
  return context.input;
}

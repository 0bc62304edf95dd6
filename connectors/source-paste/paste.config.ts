import { Option } from '@ferry/sdk';
import { IsIn, IsInt, Min } from 'class-validator';

export const PASTE_DELIMITERS = ['\t', ',', ';'] as const;

export class PasteConfig {
  @Option({
    title: 'Delimiter',
    description: 'The character between cells: "auto" (detected; a table copied from a spreadsheet uses tabs), a tab, "," or ";".',
  })
  @IsIn(['auto', ...PASTE_DELIMITERS])
  delimiter: 'auto' | (typeof PASTE_DELIMITERS)[number] = 'auto';

  @Option({
    title: 'Largest cell',
    description: 'The most characters one cell may hold; a row with a larger cell is rejected and the import goes on.',
  })
  @IsInt()
  @Min(1)
  maxFieldSize: number = 1_048_576;
}

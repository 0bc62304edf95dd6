import { Option } from '@ferry/sdk';
import { IsIn, IsInt, Min } from 'class-validator';

export class ProgressionWorkbookConfig {
  @Option({
    title: 'Rows for',
    description: '"completions": the Completions sheet as progress rows (email, content, completed_on); "content": the Programmes, Journeys and Activities sheets as content tree rows (uuid, title, level, parent_uuid).',
  })
  @IsIn(['completions', 'content'])
  emit: 'completions' | 'content' = 'completions';

  @Option({
    title: 'Largest unpacked size',
    description: 'The most bytes the workbook may unpack to (as the xlsx source\'s option); larger ones are refused before anything is written.',
  })
  @IsInt()
  @Min(1)
  maxUncompressedBytes: number = 1024 * 1024 * 1024;
}

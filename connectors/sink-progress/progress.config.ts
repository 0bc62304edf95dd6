import { Option } from '@ferry/sdk';
import { IsIn, IsOptional } from 'class-validator';
import { DATE_ORDERS, type DateOrder } from './completion-date';

export const LEVELS = ['activity', 'journey', 'programme'] as const;
export type Level = (typeof LEVELS)[number];

export class ProgressConfig {
  @Option({
    title: 'Date order',
    description: 'How to read dates like 03/04/2026: day-first (3 April), month-first (March 4), or auto (either, but a date that could be both is a row error).',
  })
  @IsIn(DATE_ORDERS)
  dateOrder: DateOrder = 'day-first';

  @Option({
    title: 'Only this level',
    description: 'When set (activity, journey or programme), rows that name content of another level are rejected.',
  })
  @IsOptional()
  @IsIn(LEVELS)
  level?: Level;
}

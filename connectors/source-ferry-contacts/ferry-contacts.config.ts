import { Option } from '@ferry/sdk';
import { IsString, Matches, MaxLength } from 'class-validator';

export class FerryContactsConfig {
  @Option({ title: 'Tag', description: 'Only contacts with this tag are read (matched trimmed, ignoring case). Required.' })
  @IsString({ message: 'tag is required: the tag whose contacts to read' })
  @Matches(/\S/, { message: 'tag must have at least one visible character' })
  @MaxLength(100)
  tag!: string;
}

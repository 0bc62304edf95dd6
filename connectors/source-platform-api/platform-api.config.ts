import { Option } from '@ferry/sdk';
import {
  IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, Validate, ValidatorConstraint, type ValidatorConstraintInterface,
} from 'class-validator';

export const PAGINATIONS = ['page', 'cursor', 'link'] as const;
export type Pagination = (typeof PAGINATIONS)[number];

/** A dotted path into a JSON body or record (`data`, `meta.next_cursor`); empty where allowed. */
const PATH = /^([^.\s]+(\.[^.\s]+)*)?$/;
const REQUIRED_PATH = /^[^.\s]+(\.[^.\s]+)*$/;
const PARAM = /^[A-Za-z0-9_.\-[\]]+$/;
const NAMED_PATH = { message: ({ property }: { property: string }) => `${property} must be a dotted path such as "data" or "meta.next_cursor"` };

@ValidatorConstraint({ name: 'httpUrl' })
class HttpUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'baseUrl is required: the address of the platform\'s API, such as https://api.example.com/v1 (http or https, no query)';
  }
}

@ValidatorConstraint({ name: 'resourcePath' })
class ResourcePath implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\/?[A-Za-z0-9._~%-]+(\/[A-Za-z0-9._~%-]+)*(\?[^#\s]*)?$/.test(value)) return false;
    return !value.split('?')[0].split('/').some((segment) => segment === '.' || segment === '..');
  }

  defaultMessage(): string {
    return 'resource must be "people", "grants", "completions" or a path under baseUrl such as "v2/members" (an optional ?query is kept)';
  }
}

export class PlatformApiConfig {
  @Option({ title: 'API address', description: "The platform API's base URL, e.g. https://api.example.com/v1; the resource path is added to it." })
  @Validate(HttpUrl)
  baseUrl!: string;

  @Option({ title: 'Resource', description: 'What to pull: "people", "grants", "completions", or any path under the base URL (e.g. "v2/members?status=active").' })
  @Validate(ResourcePath)
  resource: string = 'people';

  @Option({ title: 'Pagination', description: '"page" (page=N&per_page=M), "cursor" (a next-cursor field in the body, sent back as cursor=) or "link" (the Link: <...>; rel="next" header).' })
  @IsIn([...PAGINATIONS])
  pagination: Pagination = 'page';

  @Option({ title: 'Records path', description: 'Where the array of records sits in the body, e.g. "data" or "results"; empty when the body is the array itself.' })
  @IsString()
  @Matches(PATH, NAMED_PATH)
  itemsPath: string = 'data';

  @Option({ title: 'Page size', description: 'Records asked for per request (sent as pageSizeParam).' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  pageSize: number = 100;

  @Option({ title: 'Page size parameter', description: 'The query parameter that carries the page size.' })
  @Matches(PARAM)
  pageSizeParam: string = 'per_page';

  @Option({ title: 'Page parameter', description: 'With page pagination: the query parameter that carries the page number (pages count from 1).' })
  @Matches(PARAM)
  pageParam: string = 'page';

  @Option({ title: 'Last page field', description: 'With page pagination: where the body says the number of the last page (e.g. "meta.last_page"); reading stops there. Empty: not used.' })
  @IsString()
  @Matches(PATH, NAMED_PATH)
  lastPageField: string = 'last_page';

  @Option({ title: 'Total field', description: 'With page pagination: where the body says how many records there are in all; reading stops once that many are read. Empty: not used.' })
  @IsString()
  @Matches(PATH, NAMED_PATH)
  totalField: string = 'total';

  @Option({ title: 'Cursor field', description: 'With cursor pagination: where the body holds the next cursor (e.g. "next_cursor" or "meta.next"); none, null or "" means the last page.' })
  @Matches(REQUIRED_PATH, NAMED_PATH)
  cursorField: string = 'next_cursor';

  @Option({ title: 'Cursor parameter', description: 'With cursor pagination: the query parameter the next cursor is sent back in.' })
  @Matches(PARAM)
  cursorParam: string = 'cursor';

  // Only FERRY_PLATFORM_* variables: a pipeline (one made over the API, say) must never be able to send
  // DATABASE_URL or the SMTP password as a token to a server of its choosing.
  @Option({ title: 'Token variable', description: 'The environment variable holding the bearer token (its name starts with FERRY_PLATFORM_), used when no token is set here.' })
  @Matches(/^FERRY_PLATFORM_[A-Z0-9_]*$/, { message: 'tokenEnv must name an environment variable starting with FERRY_PLATFORM_, such as FERRY_PLATFORM_TOKEN' })
  tokenEnv: string = 'FERRY_PLATFORM_TOKEN';

  @Option({ title: 'Token', description: 'The bearer token itself. Secret: never logged, never shown, replaced by *** in saved settings; prefer tokenEnv.', secret: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  token?: string;

  @Option({ title: 'Changed-since parameter', description: 'The query parameter that asks only for records changed since the last sync (sent when a previous run left a cursor).' })
  @Matches(PARAM)
  updatedSinceParam: string = 'updated_since';

  @Option({ title: 'Changed-at field', description: 'The record field with its last change time (ISO 8601); its latest value is where the next sync starts. Nested fields are dotted: "meta.updated_at".' })
  @Matches(REQUIRED_PATH, NAMED_PATH)
  updatedAtField: string = 'updated_at';

  @Option({ title: 'Id field', description: 'The record field that identifies it; a record without one is rejected. Empty: records need no id.' })
  @IsString()
  @Matches(PATH, NAMED_PATH)
  idField: string = 'id';

  @Option({ title: 'Retries', description: 'How often a request is tried again after HTTP 429, a 5xx or a network failure before the run gives up and is retried later.' })
  @IsInt()
  @Min(0)
  @Max(20)
  maxRetries: number = 5;

  @Option({ title: 'First retry delay', description: 'Milliseconds before the first retry when the server gives no Retry-After; each further retry waits about twice as long (with jitter).' })
  @IsInt()
  @Min(0)
  @Max(60_000)
  retryBaseMs: number = 500;

  @Option({ title: 'Timeout', description: 'Milliseconds to wait for the server to answer, or to send more of a page, before the request counts as failed (and is retried).' })
  @IsInt()
  @Min(100)
  @Max(600_000)
  timeoutMs: number = 30_000;

  @Option({ title: 'Sample size', description: 'How many records discover (previews, column mapping) reads from the first page to find the columns.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  sampleSize: number = 20;
}

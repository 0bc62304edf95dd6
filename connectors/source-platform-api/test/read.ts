import { resolveConfig, type Row, type SourceContext } from '@ferry/sdk';
import { platformApiSource } from '..';
import type { PlatformApiConfig } from '../platform-api.config';
import { TOKEN, type FakePlatform } from './fake-platform';

/** The source's config for a fake platform: its token, fast retries. */
export function configFor(platform: FakePlatform, options: Record<string, unknown> = {}): PlatformApiConfig {
  return resolveConfig<PlatformApiConfig>(platformApiSource, { baseUrl: platform.baseUrl, token: TOKEN, retryBaseMs: 5, ...options });
}

export async function readAll(config: PlatformApiConfig, context: SourceContext = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of platformApiSource.read(config, context)) rows.push(row);
  return rows;
}

/** Reads everything, then asks for the state as the engine does (same context). */
export async function sync(config: PlatformApiConfig, state?: unknown): Promise<{ rows: Row[]; state: unknown }> {
  const context: SourceContext = { state };
  const rows = await readAll(config, context);
  return { rows, state: platformApiSource.nextState!(config, context) };
}

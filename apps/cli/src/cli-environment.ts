import type { FerryEnv } from '@ferry/domain';
import type { PluginRegistry } from '@ferry/sdk';
import { withFerry, type FerryContext } from './ferry-context';

/** What commands share: the environment, the plugins, output, and the exit code to end with. */
export class CliEnvironment {
  exitCode = 0;

  constructor(
    readonly env: FerryEnv,
    readonly registry: PluginRegistry,
  ) {}

  withFerry<T>(work: (ctx: FerryContext) => Promise<T>): Promise<T> {
    return withFerry(this.env, this.registry, work);
  }

  print(text: string): void {
    process.stdout.write(`${text}\n`);
  }
}

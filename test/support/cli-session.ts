import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runFerry, type FerryResult } from './run-ferry';

/** A scratch folder for the files a CLI test hands to `ferry`. */
export function scratchFiles(prefix: string): (name: string, content: string) => string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  return (name, content) => {
    const at = path.join(dir, name);
    writeFileSync(at, content);
    return at;
  };
}

/** Runs `ferry` in a workspace and fails with its output when the exit code is not the expected one. */
export async function ferryExpecting(workspace: string, args: string[], expectedCode = 0): Promise<FerryResult> {
  const result = await runFerry(args, { workspace });
  if (result.code !== expectedCode) {
    throw new Error(`ferry ${args.join(' ')} exited ${result.code}, expected ${expectedCode}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

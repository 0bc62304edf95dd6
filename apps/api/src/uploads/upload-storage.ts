import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { ApiError } from '../http/api-error';

export interface StoredFile {
  id: string;
  storedName: string;
  sha256: string;
  size: number;
}

/** Where a workspace's uploads live: FERRY_HOME/uploads/<workspace id>/<generated name>. */
export function uploadPath(home: string, workspaceId: string, storedName: string): string {
  return path.join(home, 'uploads', workspaceId, storedName);
}

/**
 * Writes a stream to a generated name, hashing it on the way: the file never
 * sits in memory, and nothing of the client's file name reaches the disk.
 */
export async function storeStream(home: string, workspaceId: string, stream: Readable): Promise<StoredFile> {
  const id = randomUUID();
  const storedName = `${id}.upload`;
  const target = uploadPath(home, workspaceId, storedName);
  mkdirSync(path.dirname(target), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, measure, createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    rmSync(target, { force: true });
    throw error;
  }
  return { id, storedName, sha256: hash.digest('hex'), size };
}

/**
 * A client's file name is a label: shown, never used as a path. One that
 * carries a path (or control characters) is refused, as a sign of a client
 * that meant something else.
 */
export function fileLabel(name: string | undefined): string {
  const label = (name ?? '').normalize('NFC');
  if (!label.trim()) throw new ApiError(400, 'invalid_file_name', 'The file has no name; send it with a file name such as people.csv.');
  if (/[\\/]/.test(label) || label === '.' || label === '..' || /[\u0000-\u001f\u007f]/.test(label)) {
    throw new ApiError(400, 'invalid_file_name', `The file name "${label.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 200)}" holds a path or control characters; send the file's name only, e.g. people.csv.`);
  }
  if (label.length > 255) throw new ApiError(400, 'invalid_file_name', 'The file name is longer than 255 characters.');
  return label;
}

/** multer's storage: each upload streamed to disk under a generated name, with its SHA-256 and size. */
export function hashingStorage(home: string): StorageEngine {
  return {
    _handleFile(request: Request, file, callback) {
      const workspaceId = (request as Request & { principal?: { workspaceId: string } }).principal?.workspaceId;
      if (!workspaceId) return callback(new ApiError(401, 'unauthorized', 'Send an API key.'));
      let label: string;
      try {
        label = fileLabel(file.originalname);
      } catch (error) {
        file.stream.resume();
        return callback(error as Error);
      }
      storeStream(home, workspaceId, file.stream).then(
        (stored) => callback(null, { ...stored, originalname: label, path: uploadPath(home, workspaceId, stored.storedName) } as never),
        (error: Error) => callback(error),
      );
    },
    _removeFile(_request, file, callback) {
      rmSync((file as { path?: string }).path ?? '', { force: true });
      callback(null);
    },
  };
}

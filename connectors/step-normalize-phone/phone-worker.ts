import { parentPort } from 'node:worker_threads';
import type { CountryCode } from 'libphonenumber-js/mobile';
import { parsePhone } from './phone-parse';

/** The worker side of PhoneParser: parses lists of numbers, in order. */
parentPort?.on('message', (message: { id: number; texts: string[]; country?: CountryCode }) => {
  parentPort!.postMessage({ id: message.id, results: message.texts.map((text) => parsePhone(text, message.country)) });
});

import { bufferInput, type SourceInput } from '@ferry/sdk';

/** The conformance suite's table (connectors/conformance.spec.ts) as a list of people records. */
export async function conformanceSample(): Promise<{ input: SourceInput }> {
  const text = '[\n  { "email": "ada@example.com", "__proto__": "x" },\n  { "email": "alan@example.com", "__proto__": "y" }\n]\n';
  return { input: bufferInput(text, 'people.json') };
}

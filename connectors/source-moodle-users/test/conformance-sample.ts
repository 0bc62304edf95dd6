import { bufferInput, type SourceInput } from '@ferry/sdk';

/** The conformance suite's table (connectors/conformance.spec.ts) as a Moodle upload users file: email and __proto__ columns, two rows. */
export async function conformanceSample(): Promise<{ input: SourceInput; config: Record<string, unknown> }> {
  const text = 'username,firstname,lastname,email,__proto__\nada,Ada,Lovelace,ada@example.com,x\nalan,Alan,Turing,alan@example.com,y\n';
  return { input: bufferInput(text, 'upload-users.csv'), config: { role: 'student' } };
}

import { bufferInput, type SourceInput } from '@ferry/sdk';

/** The conformance suite's table (connectors/conformance.spec.ts) as a Canvas users.csv: email and __proto__ columns, two rows. */
export async function conformanceSample(): Promise<{ input: SourceInput }> {
  const text = 'user_id,login_id,email,status,__proto__\n1,ada,ada@example.com,active,x\n2,alan,alan@example.com,active,y\n';
  return { input: bufferInput(text, 'users.csv') };
}

import { Readable } from 'node:stream';
import { parser } from 'stream-json';
import { createValues, flattenJsonObject, JsonValueBuilder, jsonCell, type JsonToken, type JsonValueLimits } from '../src';

const PACKED = { packValues: true, streamValues: false };
const STREAMED = { packKeys: true, streamKeys: false, packStrings: false, streamStrings: true, packNumbers: false, streamNumbers: true };
const ALL_STREAMED = { packValues: false, streamValues: true };

async function tokensOf(text: string, options: object, chunkSize = 3): Promise<JsonToken[]> {
  const chunks = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(Buffer.from(text.slice(i, i + chunkSize)));
  const tokens: JsonToken[] = [];
  for await (const token of Readable.from(chunks).pipe(parser({ ...options, jsonStreaming: true }))) tokens.push(token as JsonToken);
  return tokens;
}

/** Every value of a JSON stream, with the overflow each one reported. */
async function build(text: string, options: object, limits?: JsonValueLimits) {
  const builder = new JsonValueBuilder(limits);
  const values: { value: unknown; overflow?: unknown }[] = [];
  for (const token of await tokensOf(text, options)) {
    if (builder.consume(token)) values.push({ value: builder.take(), ...(builder.overflow ? { overflow: builder.overflow } : {}) });
  }
  return values;
}

describe('JsonValueBuilder', () => {
  it.each([['packed', PACKED], ['streamed', STREAMED], ['all streamed', ALL_STREAMED], ['packed and streamed', {}]])(
    'builds the same values from %s tokens',
    async (_name, options) => {
      const text = '{"a":[1,2.5,"x",null,true,false,{"b":{}}],"c":"é\\n\\u00e9"} [] "top" 12 {"big":12345678901234567890}';
      expect((await build(text, options)).map((v) => v.value)).toEqual([
        { a: [1, 2.5, 'x', null, true, false, { b: {} }], c: 'é\né' },
        [],
        'top',
        12,
        { big: '12345678901234567890' },
      ]);
    },
  );

  it('makes prototype-free objects: __proto__ and constructor are plain keys', async () => {
    const [{ value }] = await build('{"__proto__":{"polluted":true},"constructor":"c","x":{"__proto__":1}}', STREAMED);
    const record = value as Record<string, unknown>;
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(Object.keys(record)).toEqual(['__proto__', 'constructor', 'x']);
    expect(Object.getPrototypeOf(record.__proto__)).toBeNull();
    expect((record.__proto__ as Record<string, unknown>).polluted).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves out a text longer than maxTextLength, keeping its start and length for the message', async () => {
    const long = 'x'.repeat(5000);
    const values = await build(`{"id":1,"fields":{"notes":"${long}","ok":2}} {"id":2}`, STREAMED, { maxTextLength: 1000 });
    expect(values[0]).toEqual({
      value: { id: 1, fields: { ok: 2 } },
      overflow: { reason: 'text', path: ['fields', 'notes'], length: 5000, start: 'x'.repeat(200) },
    });
    // The next value is whole again.
    expect(values[1]).toEqual({ value: { id: 2 } });
  });

  it('names list positions, long keys (leaving out their value) and long numbers', async () => {
    const long = 'k'.repeat(50);
    expect((await build(`{"tags":["a","${long}"]}`, STREAMED, { maxTextLength: 10 }))[0].overflow).toMatchObject({ path: ['tags', 1], length: 50 });
    expect((await build(`{"${long}":{"deep":[1]},"b":1}`, ALL_STREAMED, { maxTextLength: 10 }))[0]).toEqual({
      value: { b: 1 },
      overflow: { reason: 'text', path: [], length: 50, start: long },
    });
    expect((await build(`[${'9'.repeat(40)}]`, STREAMED, { maxTextLength: 10 }))[0]).toMatchObject({ value: [], overflow: { path: [0], length: 40 } });
  });

  it('stops keeping a value that outgrows maxTotalLength, to the end of that value', async () => {
    const record = (i: number) => `{"i":${i},"list":[${Array.from({ length: 50 }, () => '"abcdefghij"').join(',')}],"after":1}`;
    const values = await build(`${record(1)} ${record(2)}`, STREAMED, { maxTotalLength: 200 });
    expect(values).toHaveLength(2);
    expect(values[0].overflow).toMatchObject({ reason: 'total', path: ['list', 19] });
    expect(values[0].value).toEqual({ i: 1 });
    expect(values[1].overflow).toMatchObject({ reason: 'total' });
  });
});

describe('JSON records as row values', () => {
  it('flattens nested objects to dotted keys and lists to cells, own keys only', () => {
    const values = createValues();
    flattenJsonObject(values, JSON.parse('{"profile":{"first_name":"Ada","__proto__":"p"},"tags":["a",null,"","b"],"mixed":[{"x":1}],"n":null}'));
    expect({ ...values }).toEqual({ 'profile.first_name': 'Ada', 'profile.__proto__': 'p', tags: 'a, b', mixed: '[{"x":1}]', n: null });
    expect(jsonCell({ a: 1 })).toBe('{"a":1}');
    expect(jsonCell(3)).toBe(3);
  });
});

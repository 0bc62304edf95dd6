import { Option, REDACTED, redactSecrets, secretKeys } from '../src';

class ApiConfig {
  @Option({ title: 'Base URL', description: 'Where the API is.' })
  baseUrl: string = '';

  @Option({ title: 'Token', description: 'The bearer token.', secret: true })
  token?: string;

  @Option({ title: 'Password', description: 'A second secret.', secret: true })
  password?: string;
}

describe('redactSecrets', () => {
  it('replaces the secret options that are set with ***, in a copy', () => {
    const config = { baseUrl: 'https://api.example.com', token: 'tok_123', password: '' };
    const redacted = redactSecrets(ApiConfig, config);
    expect(redacted).toEqual({ baseUrl: 'https://api.example.com', token: REDACTED, password: '' });
    expect(config.token).toBe('tok_123');
    expect(secretKeys(ApiConfig)).toEqual(['token', 'password']);
  });

  it('returns a config without secrets (or none at all) as it is', () => {
    const config = { baseUrl: 'https://api.example.com' };
    expect(redactSecrets(ApiConfig, config)).toBe(config);
    expect(redactSecrets(ApiConfig, undefined)).toBeUndefined();
    class Plain {}
    expect(redactSecrets(Plain, { token: 'x' })).toEqual({ token: 'x' });
  });

  it('keeps "__proto__" an ordinary key of a prototype-free config', () => {
    const config = Object.assign(Object.create(null) as Record<string, unknown>, { token: 'tok_123' });
    config['__proto__'] = 'kept';
    const redacted = redactSecrets(ApiConfig, config);
    expect(Object.getPrototypeOf(redacted)).toBeNull();
    expect(Object.entries(redacted)).toEqual([['token', REDACTED], ['__proto__', 'kept']]);
  });
});

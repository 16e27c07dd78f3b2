import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';
import { projectPath } from './project-root.js';

/** Runs loadConfig and returns the ConfigError it throws (fails the test if it throws nothing or something else). */
function configError(env: Record<string, string>, argv: string[] = []): ConfigError {
  try {
    loadConfig(env, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe('loadConfig defaults', () => {
  it('uses the defaults and the embedded database for an empty environment', () => {
    expect(loadConfig({}, [])).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: projectPath('data'),
      jwtSecret: undefined,
      jwtTtlSeconds: 900,
      seedDemo: true,
      bodyLimitBytes: 1024 * 1024,
      logLevel: 'info',
      schedulerIntervalMs: 1000,
      render: { pages: 2, queueLimit: 50, timeoutMs: 20_000, chromiumPath: '/usr/bin/chromium' },
    });
  });

  it('reads the renderer’s settings and refuses one out of range, naming it', () => {
    expect(loadConfig({ RENDER_PAGES: '1', RENDER_QUEUE_LIMIT: '0', RENDER_TIMEOUT_MS: '5000', CHROMIUM_PATH: '/opt/chromium' }, []).render).toEqual({ pages: 1, queueLimit: 0, timeoutMs: 5000, chromiumPath: '/opt/chromium' });
    expect(() => loadConfig({ RENDER_PAGES: '0' }, [])).toThrow(/RENDER_PAGES/);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', JWT_SECRET: '', LOG_LEVEL: '', BODY_LIMIT: '', SEED_DEMO: '' }, []);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.jwtSecret).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.seedDemo).toBe(true);
  });

  it('reads valid values', () => {
    const secret = 'x'.repeat(32);
    const config = loadConfig(
      { PORT: '8080', HOST: '127.0.0.1', JWT_SECRET: secret, JWT_TTL_SECONDS: '60', LOG_LEVEL: 'debug', BODY_LIMIT: '512kb', DATA_DIR: 'tmp/db' },
      [],
    );
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.jwtSecret).toBe(secret);
    expect(config.jwtTtlSeconds).toBe(60);
    expect(config.logLevel).toBe('debug');
    expect(config.bodyLimitBytes).toBe(512 * 1024);
    expect(config.dataDir).toBe(projectPath('tmp/db'));
  });

  it('keeps an absolute DATA_DIR as given', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/cbe' }, []).dataDir).toBe('/var/lib/cbe');
  });

  it('accepts the bounds of PORT', () => {
    expect(loadConfig({ PORT: '1' }, []).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }, []).port).toBe(65535);
  });
});

describe('loadConfig seedDemo', () => {
  const server = 'postgres://cbe@localhost:5432/cbe';

  it('is true on the embedded database', () => {
    expect(loadConfig({}, []).seedDemo).toBe(true);
  });

  it('is false on a database server by default', () => {
    const config = loadConfig({ DATABASE_URL: server }, []);
    expect(config.databaseUrl).toBe(server);
    expect(config.seedDemo).toBe(false);
  });

  it('is true on a database server with SEED_DEMO=1', () => {
    expect(loadConfig({ DATABASE_URL: server, SEED_DEMO: '1' }, []).seedDemo).toBe(true);
  });

  it('is true on a database server when argv includes --demo', () => {
    expect(loadConfig({ DATABASE_URL: server }, ['node', 'dist/src/main.js', '--demo']).seedDemo).toBe(true);
  });

  it('can be switched off on the embedded database with SEED_DEMO=0', () => {
    expect(loadConfig({ SEED_DEMO: '0' }, []).seedDemo).toBe(false);
  });

  it('accepts postgresql:// as well', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/cbe' }, []).databaseUrl).toBe('postgresql://localhost/cbe');
  });
});

describe('loadConfig errors', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '0'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['JWT_SECRET', 'short-secret'],
    ['LOG_LEVEL', 'loud'],
    ['BODY_LIMIT', 'huge'],
    ['BODY_LIMIT', '200mb'],
    ['SEED_DEMO', 'maybe'],
    ['JWT_TTL_SECONDS', '5'],
    ['SCHEDULER_INTERVAL_MS', 'soon'],
  ])('%s=%s throws a one-line ConfigError naming the variable', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain(name);
    // It names only that variable, not some other one.
    const others = ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'BODY_LIMIT', 'SEED_DEMO', 'JWT_TTL_SECONDS'].filter((n) => n !== name);
    for (const other of others) expect(error.message.replace(name, '')).not.toContain(other);
  });

  it('does not echo a short JWT_SECRET', () => {
    const error = configError({ JWT_SECRET: 'hunter2-is-my-secret' });
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    ['mysql://admin:s3cretPa55@db.example.com:3306/cbe', 's3cretPa55'],
    ['postgres://admin:s3cretPa55@db.example.com:notaport/cbe', 's3cretPa55'],
    // An unencoded '@' in the password: the whole password must still be hidden.
    ['mysql://admin:p@ssw0rd@db.example.com/cbe', 'ssw0rd'],
    // No '//' after the scheme.
    ['mysql:admin:s3cretPa55@db.example.com/cbe', 's3cretPa55'],
  ])('never shows the password of DATABASE_URL=%s', (url, password) => {
    const error = configError({ DATABASE_URL: url });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain(password);
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('still shows the rest of a bad DATABASE_URL to help the operator', () => {
    const error = configError({ DATABASE_URL: 'mysql://admin:s3cretPa55@db.example.com:3306/cbe' });
    expect(error.message).toContain('db.example.com:3306/cbe');
  });
});

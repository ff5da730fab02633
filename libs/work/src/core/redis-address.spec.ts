import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisSourceFromAddress } from './redis-address';

describe('redisSourceFromAddress', () => {
  it('keeps URLs and completes host:port', () => {
    expect(redisSourceFromAddress('redis://10.0.0.1:7000/2')).toBe('redis://10.0.0.1:7000/2');
    expect(redisSourceFromAddress('10.0.0.1:7000')).toBe('redis://10.0.0.1:7000');
    expect(redisSourceFromAddress(':6380')).toBe('redis://127.0.0.1:6380');
    expect(redisSourceFromAddress('localhost')).toBe('redis://localhost:6379');
  });

  it('reads cluster nodes from cluster:// or a comma-separated list', () => {
    const expected = {
      cluster: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      options: { redisOptions: {} },
    };
    expect(redisSourceFromAddress('cluster://10.0.0.1:7000,10.0.0.2:7001')).toEqual(expected);
    expect(redisSourceFromAddress('10.0.0.1:7000, 10.0.0.2:7001')).toEqual(expected);
    expect(redisSourceFromAddress('cluster://10.0.0.1:7000')).toEqual({
      cluster: [{ host: '10.0.0.1', port: 7000 }],
      options: { redisOptions: {} },
    });
  });

  it('reads a Sentinel group from sentinel://nodes/name', () => {
    expect(redisSourceFromAddress('sentinel://10.0.0.1:26379,:26380/my%20primary')).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '127.0.0.1', port: 26380 },
      ],
      name: 'my primary',
    });
  });

  it('adds the CA file as TLS options to a URL, a host:port, every cluster node and both Sentinel hops', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'work-ca-')), 'ca.pem');
    writeFileSync(file, 'PEM');
    const ca = Buffer.from('PEM');
    expect(redisSourceFromAddress('rediss://u:p%40ss@h:7000/1', { caFile: file })).toEqual({
      host: 'h',
      port: 7000,
      username: 'u',
      password: 'p@ss',
      db: 1,
      tls: { ca },
    });
    expect(redisSourceFromAddress('h:7000', { caFile: file })).toEqual({
      host: 'h',
      port: 7000,
      tls: { ca },
    });
    expect(redisSourceFromAddress('cluster://h:1', { caFile: file })).toEqual({
      cluster: [{ host: 'h', port: 1 }],
      options: { redisOptions: { tls: { ca } } },
    });
    // ioredis ignores `tls` for the primary behind sentinels unless enableTLSForSentinelMode is on.
    expect(redisSourceFromAddress('sentinel://h:26379/main', { caFile: file })).toEqual({
      sentinels: [{ host: 'h', port: 26379 }],
      name: 'main',
      tls: { ca },
      sentinelTLS: { ca },
      enableTLSForSentinelMode: true,
    });
  });

  it('names what is wrong', () => {
    expect(() => redisSourceFromAddress('http://h')).toThrow(
      'a Redis address must be host:port, got "http://h"',
    );
    expect(() => redisSourceFromAddress('sentinel://a:1')).toThrow(
      'a Sentinel address must be sentinel://host:port,host:port/<master name>',
    );
    expect(() => redisSourceFromAddress('cluster://a:1,b')).toThrow(
      'each cluster node must be host:port, got "b"',
    );
    expect(() => redisSourceFromAddress('cluster://')).toThrow('at least one host:port');
  });
});

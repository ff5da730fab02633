/** The cross-site rule and the error mapping, on their own (the HTTP paths are in test/admin-api*). */
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { NotFoundError, UnencodableJobError, UnknownJobError, WorkConfigError } from '../core';
import { errorResponse } from './work-admin.filter';
import { isCrossSite } from './work-admin.guard';

describe('isCrossSite', () => {
  const request = (headers: Record<string, string | string[]>, host?: string) => ({
    headers,
    host,
  });

  it('passes requests without Origin or Sec-Fetch-Site (curl, scripts)', () => {
    expect(isCrossSite(request({ host: 'ops.example' }))).toBe(false);
  });

  it('refuses Sec-Fetch-Site: cross-site whatever the Origin', () => {
    expect(
      isCrossSite(
        request({
          host: 'ops.example',
          origin: 'https://ops.example',
          'sec-fetch-site': 'cross-site',
        }),
      ),
    ).toBe(true);
    expect(isCrossSite(request({ host: 'ops.example', 'sec-fetch-site': 'same-site' }))).toBe(
      false,
    );
  });

  it('compares the Origin host (with port) to the Host; default ports compare equal', () => {
    expect(
      isCrossSite(request({ host: 'ops.example:8080', origin: 'http://ops.example:8080' })),
    ).toBe(false);
    expect(
      isCrossSite(request({ host: 'OPS.example:8080', origin: 'http://ops.example:8080' })),
    ).toBe(false);
    expect(isCrossSite(request({ host: 'ops.example:443', origin: 'https://ops.example' }))).toBe(
      false,
    );
    expect(isCrossSite(request({ host: 'ops.example', origin: 'http://ops.example:8080' }))).toBe(
      true,
    );
    expect(isCrossSite(request({ host: 'ops.example', origin: 'https://evil.example' }))).toBe(
      true,
    );
    expect(
      isCrossSite(request({ host: 'ops.example.evil.example', origin: 'https://ops.example' })),
    ).toBe(true);
  });

  it('refuses an opaque, unparsable or hostless comparison', () => {
    expect(isCrossSite(request({ host: 'ops.example', origin: 'null' }))).toBe(true);
    expect(isCrossSite(request({ origin: 'https://ops.example' }))).toBe(true);
    expect(isCrossSite(request({ host: 'bad host', origin: 'https://ops.example' }))).toBe(true);
  });

  it("prefers the framework's request.host (Express 5 honours X-Forwarded-Host behind a trusted proxy)", () => {
    expect(
      isCrossSite(request({ host: '10.0.0.5:3000', origin: 'https://ops.example' }, 'ops.example')),
    ).toBe(false);
  });
});

describe('errorResponse', () => {
  it('maps the Client errors to 404, 409 and 400 with the message as `error`', () => {
    expect(errorResponse(new NotFoundError('gone'))).toEqual({
      status: 404,
      body: { error: 'gone' },
    });
    expect(errorResponse(new UnknownJobError('unknown'))).toEqual({
      status: 409,
      body: { error: 'unknown' },
    });
    expect(errorResponse(new UnencodableJobError('1e400'))).toEqual({
      status: 409,
      body: { error: '1e400' },
    });
    expect(errorResponse(new WorkConfigError('bad page'))).toEqual({
      status: 400,
      body: { error: 'bad page' },
    });
  });

  it('keeps our own HTTP bodies and flattens Nest-shaped ones to {error}', () => {
    expect(errorResponse(new ForbiddenException({ error: 'not authorized' }))).toEqual({
      status: 403,
      body: { error: 'not authorized' },
    });
    expect(errorResponse(new ForbiddenException())).toEqual({
      status: 403,
      body: { error: 'Forbidden' },
    });
    expect(errorResponse(new BadRequestException(['a', 'b']))).toEqual({
      status: 400,
      body: { error: 'a; b' },
    });
  });

  it('answers 503 when Redis is unreachable, 500 with the message for anything else', () => {
    expect(errorResponse(new Error('Connection is closed.'))).toEqual({
      status: 503,
      body: { error: 'Redis unavailable: Connection is closed.' },
    });
    expect(errorResponse(new Error('ERR unknown command'))).toEqual({
      status: 500,
      body: { error: 'ERR unknown command' },
    });
    expect(errorResponse(new Error('Command timed out'))).toMatchObject({ status: 503 });
    expect(errorResponse(new Error('boom'))).toEqual({ status: 500, body: { error: 'boom' } });
    expect(errorResponse(undefined)).toEqual({
      status: 500,
      body: { error: 'internal server error' },
    });
  });
});

/**
 * How the dashboard's page and assets are sent, mounted or standalone: a strict content security
 * policy and no caching of a stale bundle.
 */
import { StreamableFile } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { UiAsset } from './ui-assets';

/**
 * No inline script or style, nothing from another origin: data rendered by mistake as HTML
 * still cannot run, and the page cannot call out to the network.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** Sends one asset with the dashboard's security headers. */
export function sendUiAsset(adapter: AbstractHttpAdapter, response: unknown, asset: UiAsset): void {
  adapter.setHeader(response, 'Content-Type', asset.contentType);
  adapter.setHeader(response, 'Cache-Control', 'no-cache');
  adapter.setHeader(response, 'X-Content-Type-Options', 'nosniff');
  adapter.setHeader(response, 'Referrer-Policy', 'no-referrer');
  adapter.setHeader(response, 'Content-Security-Policy', CONTENT_SECURITY_POLICY);
  adapter.reply(
    response,
    new StreamableFile(asset.body, { type: asset.contentType, length: asset.body.length }),
    200,
  );
}

/** The page with the API's location relative to it (`../` mounted, `api/` standalone). */
export function withApiBase(index: UiAsset, apiBase: string): UiAsset {
  const html = index.body
    .toString('utf8')
    .replace(
      '<meta name="work-api" content="../" />',
      `<meta name="work-api" content="${apiBase}" />`,
    );
  return { ...index, body: Buffer.from(html, 'utf8') };
}

/** The page as served at `…/ui` (no slash): the API is `./`, the assets are under `ui/assets/`. */
export function withoutTrailingSlash(index: UiAsset): UiAsset {
  const html = withApiBase(index, './')
    .body.toString('utf8')
    .replace(/(href|src)="assets\//g, '$1="ui/assets/');
  return { ...index, body: Buffer.from(html, 'utf8') };
}

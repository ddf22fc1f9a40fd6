/** Attaching to a debug server the way a browser does. */
import assert from 'node:assert/strict';

/** Opens `url` (a one-time URL) like a browser and returns the session cookie it is exchanged for. */
export async function login(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  assert.equal(response.status, 303);
  const cookie = /^(exvm_debug_\d+=[0-9a-f]+);/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(cookie);
  return cookie;
}

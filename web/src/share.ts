/** Programs in the URL: the source, deflated and base64url-encoded, in the hash (`#src=...`). */
import { MAX_SOURCE_CHARS } from '../../src/debug/protocol.js';

async function pipe(bytes: Uint8Array, stream: CompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Inflates `bytes`, giving up (undefined) as soon as the output passes `limit` bytes: a tiny hash cannot make a huge source. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | undefined> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.length;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(chunk.value);
  }
  const all = new Uint8Array(size);
  chunks.reduce((at, chunk) => (all.set(chunk, at), at + chunk.length), 0);
  return all;
}

/** The hash that carries `source`. */
export async function encodeSource(source: string): Promise<string> {
  const packed = await pipe(new TextEncoder().encode(source), new CompressionStream('deflate-raw'));
  const base64 = btoa(Array.from(packed, (byte) => String.fromCharCode(byte)).join(''));
  return `#src=${base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
}

/** The source a hash carries, or undefined when it carries none (or garbage, or more than the largest source a session takes). */
export async function decodeSource(hash: string): Promise<string | undefined> {
  const match = /^#src=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!match) return undefined;
  try {
    const binary = atob(match[1].replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const inflated = await inflate(bytes, MAX_SOURCE_CHARS);
    if (inflated === undefined) return undefined;
    const source = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
    return source.length <= MAX_SOURCE_CHARS ? source : undefined;
  } catch {
    return undefined;
  }
}

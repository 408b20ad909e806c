// Sizes and contents of base64 `[]byte` fields (Secret.data, ConfigMap.binaryData) without
// decoding them into Node buffers: upstream limits the decoded bytes.

/** The number of bytes a standard base64 string decodes to. */
export function base64DecodedLength(s: string): number {
  const clean = s.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

/** Decodes base64 to a string (UTF-8); undefined when it is not valid base64. */
export function decodeBase64(s: string): string | undefined {
  try {
    const binary = atob(s.replace(/\s/g, ''));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

/** Encodes a string (as UTF-8) to base64. */
export function encodeBase64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the bytes are valid UTF-8 (values otherwise show as hex or base64). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

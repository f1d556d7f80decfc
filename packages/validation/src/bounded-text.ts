/**
 * Reads a response body as UTF-8 text, at most `maxBytes` of it: past that it stops reading, cancels the stream and
 * throws what `tooLarge()` makes, so an untrusted server cannot make the reader hold more than the limit.
 */
export async function readBoundedText(
  body: ReadableStream<Uint8Array>, maxBytes: number, tooLarge: () => Error,
): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

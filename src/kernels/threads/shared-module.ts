/**
 * The kernel module, rewritten to run over a shared memory. gemm.wat defines and exports its own
 * memory; every thread of a split product must instead see one `WebAssembly.Memory({ shared: true })`.
 * Rather than keeping a second .wat (or a second build of it) in step with the first, the binary
 * the library already ships is rewritten at run time: its memory section is dropped and the same
 * memory (index 0, so every load, store and the export keep their meaning) becomes an import,
 * `env.memory`, declared shared. The code section is untouched: each thread runs exactly the
 * instructions of the one-thread route, which is what makes the results bit-identical.
 *
 * Binary format (WebAssembly core spec, "Modules"): magic and version (8 bytes), then sections,
 * each an id byte, its size as unsigned LEB128, and its contents; non-custom sections appear in
 * the order type(1) import(2) function(3) table(4) memory(5) … . A memory type is a flag byte
 * (bit 0: a maximum follows, bit 1: shared) and the limits as LEB128.
 */

/** Pages (64 KiB) a shared memory may grow to: the split product's buffers are bounded (see product.ts). */
export const SHARED_MAX_PAGES = 4096;

const TYPE = 1, IMPORT = 2, MEMORY = 5, DATA = 11;

/**
 * The module with its one memory turned into an import of a shared memory (at least `minPages`),
 * or a sentence saying why that is impossible (no memory, several, or data segments, which each
 * instance would write again into the shared memory).
 */
export function sharedMemoryVariant(bytes: Uint8Array, minPages = 1): Uint8Array<ArrayBuffer> | string {
  const sections: { id: number; body: Uint8Array }[] = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    const [size, next] = readLeb(bytes, at);
    sections.push({ id, body: bytes.subarray(next, next + size) });
    at = next + size;
  }
  const memories = sections.filter((s) => s.id === MEMORY);
  if (memories.length !== 1 || memories[0].body[0] !== 1) return 'the kernel module does not define exactly one memory';
  if (sections.some((s) => s.id === DATA)) return 'the kernel module has data segments';
  const entry = [
    ...name('env'), ...name('memory'),
    0x02, 0x03, ...leb(minPages), ...leb(SHARED_MAX_PAGES), // memory import, flags: maximum + shared
  ];
  const out: Uint8Array[] = [bytes.subarray(0, 8)];
  let imported = false;
  for (const s of sections) {
    if (s.id === MEMORY) continue;
    if (s.id === IMPORT) {
      // Append to the existing imports: the count goes up by one, the entries stay.
      const [count, start] = readLeb(s.body, 0);
      out.push(section(IMPORT, [...leb(count + 1), ...s.body.subarray(start), ...entry]));
      imported = true;
      continue;
    }
    if (!imported && s.id !== 0 && s.id > TYPE) {
      out.push(section(IMPORT, [...leb(1), ...entry]));
      imported = true;
    }
    out.push(section(s.id, s.body));
  }
  const length = out.reduce((sum, part) => sum + part.length, 0);
  const result = new Uint8Array(length);
  let offset = 0;
  for (const part of out) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

function section(id: number, body: ArrayLike<number>): Uint8Array {
  const size = leb(body.length);
  const s = new Uint8Array(1 + size.length + body.length);
  s[0] = id;
  s.set(size, 1);
  s.set(body as ArrayLike<number>, 1 + size.length);
  return s;
}

function name(text: string): number[] {
  return [...leb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0, shift = 0, byte: number;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

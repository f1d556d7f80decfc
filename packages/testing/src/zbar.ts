import { spawnSync } from 'node:child_process';

/** Whether zbarimg (zbar-tools) is installed; prints a one-line notice when it is not. */
export function hasZbarimg(): boolean {
  const found = spawnSync('zbarimg', ['--version']).status === 0;
  if (!found) console.log('NOTICE: zbarimg not installed (apt-get install zbar-tools): independent scanner tests skipped.');
  return found;
}

/** Runs zbarimg, the independent QR reader, on an image file; `binary` asks for the raw bytes (-Sbinary). */
export function zbarimg(path: string, binary: boolean): Buffer {
  const args = ['--raw', '-q', ...(binary ? ['-Sbinary'] : []), path];
  const result = spawnSync('zbarimg', args, { maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`zbarimg failed with status ${result.status}`);
  return result.stdout;
}

import { expect } from 'chai';

/** Expects `error` to be a TypeError whose message contains `part`. */
export function expectTypeError(error: unknown, part: string): void {
  expect(error).to.be.instanceOf(TypeError);
  expect((error as Error).message).to.contain(part);
}

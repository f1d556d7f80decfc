// The DIVOC revocation checker against a real HTTP route: DIVOC's answers (404, 200), healthcred's suspended body,
// and answers it must not believe or cannot read.
import { expect } from 'chai';
import { revocationServer } from '@healthcred/testing';
import { createDivocRevocationChecker, divocRevocationAnswer, divocRevocationStateOf } from '@healthcred/trust';

describe('createDivocRevocationChecker', () => {
  const answers: Record<string, number | { status: number; body: unknown }> = {
    valid: divocRevocationAnswer('valid'), revoked: divocRevocationAnswer('revoked'), suspended: divocRevocationAnswer('suspended'),
    divoc: 200, long: { status: 200, body: { suspended: true, padding: 'x'.repeat(2000) } }, text: { status: 200, body: 'suspended' },
    broken: 500,
  };
  const route = revocationServer(({ refId }) => answers[refId as string]!);
  const check = createDivocRevocationChecker({ fetch });
  let url: string;

  before(async () => {
    url = await route.listen();
  });
  after(() => new Promise((resolve) => route.server.close(resolve)));

  describe('negative', () => {
    it('throws unavailable for a status that is neither 200 nor 404, naming it', async () => {
      const error = await check({ refId: 'broken' }, url).then(() => undefined, (caught: unknown) => caught);
      expect(error).to.include({ code: 'unavailable' });
      expect((error as Error).message).to.contain('answered 500');
    });

    it('reads a 200 as revoked, not suspended, when its body is over a kilobyte or not healthcred\'s object', async () => {
      expect(await check({ refId: 'long' }, url)).to.equal('revoked');
      expect(await check({ refId: 'text' }, url)).to.equal('revoked');
      expect(divocRevocationStateOf(200, { suspended: 'true' })).to.equal('revoked');
      expect(divocRevocationStateOf(302, { suspended: true })).to.equal(undefined);
    });
  });

  it('should read 404 as valid, 200 as revoked (DIVOC\'s answer), and healthcred\'s suspended answer as suspended', async () => {
    for (const state of ['valid', 'revoked', 'suspended']) expect(await check({ refId: state }, url), state).to.equal(state);
    expect(await check({ refId: 'divoc' }, url)).to.equal('revoked');
    expect(route.received.at(-1)).to.deep.include({ method: 'POST', type: 'application/json', certificate: { refId: 'divoc' } });
  });
});

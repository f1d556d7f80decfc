import { buildDidDocument, didDocumentUrl, readIssuerKeyFile } from '@healthcred/issuer-identity';
import { parseCommandArgs, requireFlag, type Command } from '../command.js';

const usage = `Usage: healthcred did --key <issuer-key.json>

Prints the issuer's DID document (public keys only) as JSON. Publish it where the did:web method
resolves it (for did:web:example.org: https://example.org/.well-known/did.json); the API serves it there.`;

/** `healthcred did`. */
export const didCommand: Command = {
  name: 'did',
  summary: 'Print the DID document to publish',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { key: { type: 'string' } });
    if (values.help) return io.stdout(`${usage}\n`), 0;
    const set = readIssuerKeyFile(requireFlag(values, 'key'));
    io.stdout(`${JSON.stringify(buildDidDocument(set), null, 2)}\n`);
    if (set.did.startsWith('did:web:')) io.stderr(`Publish at: ${didDocumentUrl(set.did)}\n`);
    return 0;
  },
};

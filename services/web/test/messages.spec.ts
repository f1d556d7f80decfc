import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'chai';
import { format, initialLanguage } from '../src/shared/i18n.js';

const dir = new URL('../src/messages/', import.meta.url);
const read = (file: string) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('message files', () => {
  const english = read('en.json');
  for (const file of readdirSync(dir).filter((name) => name !== 'en.json')) {
    it(`${file} should have every English key, no other, non-empty, with the same placeholders`, () => {
      const messages = read(file);
      expect(Object.keys(messages).sort()).to.deep.equal(Object.keys(english).sort());
      for (const [key, text] of Object.entries(messages)) {
        expect(text, key).to.not.equal('');
        expect(placeholders(text), key).to.deep.equal(placeholders(english[key]!));
      }
    });
  }

  it('should fill placeholders and keep unknown ones', () => {
    expect(format('{dose} of {total}', { dose: 1, total: 2 })).to.equal('1 of 2');
    expect(format('{x}')).to.equal('{x}');
  });

  it('should start in the saved language, else the browser\'s first supported one, else English', () => {
    expect(initialLanguage('ta', ['si-LK'])).to.equal('ta');
    expect(initialLanguage(null, ['fr-FR', 'si-LK', 'en'])).to.equal('si');
    expect(initialLanguage('xx', ['fr'])).to.equal('en');
  });
});

import { expect } from 'chai';
import { transliterateIcao } from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';

describe('transliterateIcao()', () => {
  const cases: Array<[string, string]> = [
    ['Müller-Lüdenscheidt', 'MUELLER<LUEDENSCHEIDT'],
    ['Ørsted', 'OERSTED'],
    ['Đặng Văn Hương', 'DANG<VAN<HUONG'],
    ['Nuñez', 'NUNEZ'],
    ["d'Červenková Panklová", 'DCERVENKOVA<PANKLOVA'],
    ['Jiřina-Maria Alena', 'JIRINA<MARIA<ALENA'],
    ['Åsa Ærø Strauß', 'AASA<AEROE<STRAUSS'],
    ['Łukasz Żółć', 'LUKASZ<ZOLC'],
    ['Þórður Ĳsselmeer', 'THORDUR<IJSSELMEER'],
    ['Жанна Щукина', 'ZHANNA<SHCHUKINA'],
    ['Юрий Рябушкин', 'IURII<RIABUSHKIN'],
    ['Олександр Ївченко', 'OLEKSANDR<IVCHENKO'],
    ['Ďurko O’Neill', 'DURKO<ONEILL'],
    ['  Anna   Maria  ', 'ANNA<MARIA'],
  ];
  for (const [name, expected] of cases) {
    it(`should transliterate ${name} as ${expected}`, () => {
      expect(transliterateIcao(name)).to.equal(expected);
    });
  }

  it('should give the same result for composed and decomposed (NFD) input', () => {
    expect(transliterateIcao('Müller'.normalize('NFD'))).to.equal('MUELLER');
    expect(transliterateIcao('Đặng'.normalize('NFD'))).to.equal('DANG');
  });

  it('should only produce characters the DCC schema allows', () => {
    for (const [name] of cases) expect(transliterateIcao(name)).to.match(/^[A-Z<]{1,80}$/);
  });

  describe('negative', () => {
    it('rejects a Sinhala name, naming the field and asking for a Latin form', () => {
      const error = expectHealthcredError(() => transliterateIcao('කමල් පෙරේරා', { field: 'recipient.familyName' }),
        'invalid_input', 'recipient.familyName');
      expect(error.message).to.contain('recipient.familyName').and.to.contain('recipient.latinFamilyName').and.to.contain('U+0D9A');
    });

    it('rejects Tamil and Lao names too', () => {
      expectHealthcredError(() => transliterateIcao('செல்வி'), 'invalid_input', 'name');
      expectHealthcredError(() => transliterateIcao('ສົມພອນ'), 'invalid_input', 'name');
    });

    it('rejects digits and a name with no letters', () => {
      expectHealthcredError(() => transliterateIcao('Anna 2'), 'invalid_input');
      expectHealthcredError(() => transliterateIcao(" - ' "), 'invalid_input');
    });

    it('rejects a transliteration longer than 80 characters', () => {
      expectHealthcredError(() => transliterateIcao('Ä'.repeat(41)), 'invalid_input');
      expect(transliterateIcao('Ä'.repeat(40))).to.have.length(80);
    });
  });
});
